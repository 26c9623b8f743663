import { EntityManager } from 'typeorm';
import { Caller } from '../access/caller';

/** One audited change. Details hold ids and field names only — never personal data. */
export interface AuditEntry {
  action: string;
  targetType: 'employee' | 'department' | 'group' | 'import_job' | 'tenant';
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Who acted: a signed-in person, or one of the service's own jobs (purge, import). */
export type AuditActor = { kind: 'user'; caller: Caller } | { kind: 'system'; job: string };

/**
 * Appends to the tenant's audit log in the caller's transaction, so an entry exists exactly
 * when its change committed. The table refuses UPDATE and DELETE (trigger).
 */
export async function recordAudit(manager: EntityManager, tenantId: string, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const who =
    actor.kind === 'user'
      ? { id: actor.caller.principal.userId, role: actor.caller.principal.role, ip: actor.caller.ip }
      : { id: actor.job, role: null, ip: null };
  await manager.query(
    `INSERT INTO audit_log (tenant_id, actor_kind, actor_id, actor_role, ip, action, target_type, target_id, details)
     SELECT $1, $2, $3, $4, $5::inet, action, target_type, target_id, details
     FROM unnest($6::text[], $7::text[], $8::text[], $9::jsonb[]) AS entry(action, target_type, target_id, details)`,
    [
      tenantId,
      actor.kind,
      who.id,
      who.role,
      who.ip,
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.targetType),
      entries.map((entry) => entry.targetId),
      entries.map((entry) => JSON.stringify(entry.details ?? {})),
    ],
  );
}
