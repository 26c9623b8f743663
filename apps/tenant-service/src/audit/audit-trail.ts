import { EntityManager } from 'typeorm';
import { Caller } from '../access/caller';

/** One audited change. Details hold ids and field names only — never personal data. */
export interface AuditEntry {
  action: string;
  targetType: 'employee' | 'department' | 'group' | 'import_job' | 'tenant';
  targetId: string | null;
  details?: Record<string, unknown>;
}

/** Who acted: a signed-in person, one of the service's own jobs (purge, import), or a platform operator. */
export type AuditActor = { kind: 'user'; caller: Caller } | { kind: 'system'; job: string } | { kind: 'operator'; operatorId: string; ip: string | null };

function actorColumns(actor: AuditActor): { id: string; role: string | null; ip: string | null } {
  switch (actor.kind) {
    case 'user':
      return { id: actor.caller.principal.userId, role: actor.caller.principal.role, ip: actor.caller.ip };
    case 'system':
      return { id: actor.job, role: null, ip: null };
    case 'operator':
      return { id: actor.operatorId, role: 'platform_operator', ip: actor.ip };
  }
}

/**
 * Appends to the tenant's audit log in the caller's transaction, so an entry exists exactly
 * when its change committed. The table refuses UPDATE and DELETE (trigger).
 */
export async function recordAudit(manager: EntityManager, tenantId: string, actor: AuditActor, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const who = actorColumns(actor);
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
