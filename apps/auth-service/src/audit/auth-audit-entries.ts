import { Principal } from '@anpi/auth-guard';
import { auditLogQuerySchema, runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';

/** The query of every service's `GET /v1/audit-log`; here every target is an account, so only an account id can match. */
export const auditQuerySchema = auditLogQuerySchema.extend({ targetId: z.uuid().optional() }).strict();

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuthAuditRow {
  id: string;
  occurred_at: Date;
  account_id: string;
  actor_account_id: string | null;
  action: string;
  details: Record<string, unknown>;
}

/** One entry as tenant-service's `GET /v1/audit-log` answers it, so the console reads every service's log alike. */
export interface AuditLogEntry {
  id: string;
  occurredAt: string;
  actor: { kind: 'user' | 'system'; id: string; role: string | null; ip: string | null };
  action: string;
  target: { type: 'account'; id: string };
  details: Record<string, string | number | boolean>;
}

/**
 * The detail keys an administrator may read. A whitelist rather than a blacklist: whatever a
 * future caller of `AuditLog.record` puts into `details` (an e-mail, a name, a token) stays in
 * the database until it is added here on purpose. Today's keys are roles, directory person ids
 * and a setting's new value.
 */
export const SHOWN_DETAIL_KEYS: ReadonlySet<string> = new Set(['role', 'employeeId', 'previousEmployeeId', 'mfaRequiredForAdmins']);

/** Entries without an acting account were written by auth-service itself (provisioning, activation, token reuse, deletion). */
const SYSTEM_ACTOR_ID = 'auth-service';

export function shownDetails(details: Record<string, unknown>): Record<string, string | number | boolean> {
  const shown: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    // Only scalar values: a nested object could carry anything under a harmless-looking key.
    if (SHOWN_DETAIL_KEYS.has(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')) shown[key] = value;
  }
  return shown;
}

export function auditLogEntryOf(row: AuthAuditRow): AuditLogEntry {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    // auth_audit_log records no role or address of the actor: null, as tenant-service does for its jobs.
    actor: row.actor_account_id ? { kind: 'user', id: row.actor_account_id, role: null, ip: null } : { kind: 'system', id: SYSTEM_ACTOR_ID, role: null, ip: null },
    action: row.action,
    target: { type: 'account', id: row.account_id },
    details: shownDetails(row.details),
  };
}

/** The caller's company's account audit log, newest first; row-level security keeps every other tenant's rows out. */
export class AuthAuditEntries {
  constructor(private readonly dataSource: DataSource) {}

  async page(viewer: Principal, query: AuditQuery): Promise<{ items: AuditLogEntry[]; nextCursor: string | null }> {
    const rows: AuthAuditRow[] = await runInTenantTransaction(this.dataSource, viewer.tenantId, (manager) =>
      manager.query(
        `SELECT id, occurred_at, account_id, actor_account_id, action, details
         FROM auth_audit_log
         WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR action = $2) AND ($3::uuid IS NULL OR account_id = $3)
         ORDER BY id DESC LIMIT $4`,
        [query.cursor ?? null, query.action ?? null, query.targetId ?? null, query.limit],
      ),
    );
    return {
      items: rows.map(auditLogEntryOf),
      nextCursor: rows.length === query.limit ? rows[rows.length - 1].id : null,
    };
  }
}
