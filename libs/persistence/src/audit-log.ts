import { EntityManager } from 'typeorm';
import { z } from 'zod';

/**
 * The tables that keep a service's audit log in one shape: tenant-service's `audit_log` (the
 * directory) and alert-dispatch-service's `dispatch_audit_log` (safety checks and their
 * settings). Each is append-only (triggers) and tenant-isolated (RLS); a closed list, because
 * the name goes into the SQL text.
 */
export type AuditLogTable = 'audit_log' | 'dispatch_audit_log';

/** `GET /v1/audit-log` of every service: newest first, `cursor` = the previous page's `nextCursor`. */
export const auditLogQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** The `nextCursor` of the previous page: entries older than that id. */
    cursor: z.string().regex(/^\d{1,19}$/).optional(),
    action: z.string().max(100).optional(),
    targetId: z.string().max(100).optional(),
  })
  .strict();

export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

/** Who acted, as stored: a person (account id, role, address), a job of the service, a calling service. */
export interface AuditActorColumns {
  kind: string;
  id: string;
  role: string | null;
  ip: string | null;
}

/** One audited change. Details hold ids, counts and field names only — never personal data or secrets. */
export interface AuditRecord {
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** One entry as every service's `GET /v1/audit-log` answers it (the console reads them alike). */
export interface AuditLogEntryView {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string; role: string | null; ip: string | null };
  action: string;
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
}

export interface AuditLogPage {
  items: AuditLogEntryView[];
  nextCursor: string | null;
}

/**
 * Appends to the tenant's audit log in the caller's transaction (already bound to the tenant),
 * so an entry exists exactly when its change committed.
 */
export async function appendAuditLog(manager: EntityManager, table: AuditLogTable, tenantId: string, actor: AuditActorColumns, entries: readonly AuditRecord[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `INSERT INTO ${table} (tenant_id, actor_kind, actor_id, actor_role, ip, action, target_type, target_id, details)
     SELECT $1, $2, $3, $4, $5::inet, action, target_type, target_id, details
     FROM unnest($6::text[], $7::text[], $8::text[], $9::jsonb[]) AS entry(action, target_type, target_id, details)`,
    [
      tenantId,
      actor.kind,
      actor.id,
      actor.role,
      actor.ip,
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.targetType),
      entries.map((entry) => entry.targetId),
      entries.map((entry) => JSON.stringify(entry.details ?? {})),
    ],
  );
}

interface AuditLogRow {
  id: string;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string;
  actor_role: string | null;
  ip: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
}

/** One page of the tenant's audit log, newest first, in a transaction bound to the tenant (RLS keeps the others out). */
export async function readAuditLog(manager: EntityManager, table: AuditLogTable, query: AuditLogQuery): Promise<AuditLogPage> {
  const rows: AuditLogRow[] = await manager.query(
    `SELECT id, occurred_at, actor_kind, actor_id, actor_role, host(ip) AS ip, action, target_type, target_id, details
     FROM ${table}
     WHERE ($1::bigint IS NULL OR id < $1) AND ($2::text IS NULL OR action = $2) AND ($3::text IS NULL OR target_id = $3)
     ORDER BY id DESC LIMIT $4`,
    [query.cursor ?? null, query.action ?? null, query.targetId ?? null, query.limit],
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      actor: { kind: row.actor_kind, id: row.actor_id, role: row.actor_role, ip: row.ip },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      details: row.details,
    })),
    nextCursor: rows.length === query.limit ? rows[rows.length - 1].id : null,
  };
}
