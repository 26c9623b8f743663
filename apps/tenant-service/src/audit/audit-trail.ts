import { appendAuditLog } from '@anpi/persistence';
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
  await appendAuditLog(manager, 'audit_log', tenantId, { kind: actor.kind, ...actorColumns(actor) }, entries);
}
