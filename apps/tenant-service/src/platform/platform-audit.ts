import { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Operator } from './platform-operator.guard';

export type PlatformAction = 'tenants_listed' | 'tenant_suspended' | 'tenant_resumed' | 'notice_posted' | 'notices_listed' | 'audit_log_read';

/**
 * Appends to the platform audit log, in a transaction under the platform-operator scope and
 * bound to no tenant (the table's policy refuses anything else). Append-only (trigger).
 * Details hold ids, counts and the operator's own words — never a tenant's personal data.
 */
export async function recordPlatformAudit(
  manager: EntityManager,
  operator: Operator,
  action: PlatformAction,
  tenantId: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await manager.query('INSERT INTO platform_audit_log (operator_id, ip, action, tenant_id, details) VALUES ($1, $2::inet, $3, $4, $5)', [
    operator.operatorId,
    operator.ip,
    action,
    tenantId,
    JSON.stringify(details),
  ]);
}

export const platformAuditQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** The `nextCursor` of the previous page: entries older than that id. */
    cursor: z.string().regex(/^\d{1,19}$/).optional(),
    tenantId: z.uuid().optional(),
  })
  .strict();

export type PlatformAuditQuery = z.infer<typeof platformAuditQuerySchema>;

interface PlatformAuditRow {
  id: string;
  occurred_at: Date;
  operator_id: string;
  ip: string | null;
  action: string;
  tenant_id: string | null;
  details: Record<string, unknown>;
}

/** The platform audit log, newest first; reading it is itself recorded. */
export async function readPlatformAudit(manager: EntityManager, operator: Operator, query: PlatformAuditQuery) {
  await recordPlatformAudit(manager, operator, 'audit_log_read', query.tenantId ?? null);
  const rows: PlatformAuditRow[] = await manager.query(
    `SELECT id, occurred_at, operator_id, host(ip) AS ip, action, tenant_id, details FROM platform_audit_log
     WHERE ($1::bigint IS NULL OR id < $1) AND ($2::uuid IS NULL OR tenant_id = $2)
     ORDER BY id DESC LIMIT $3`,
    [query.cursor ?? null, query.tenantId ?? null, query.limit],
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      operator: { id: row.operator_id, ip: row.ip },
      action: row.action,
      tenantId: row.tenant_id,
      details: row.details,
    })),
    nextCursor: rows.length === query.limit ? rows[rows.length - 1].id : null,
  };
}
