import type { Principal } from '@anpi/auth-guard';
import { appendAuditLog } from '@anpi/persistence';
import { EntityManager } from 'typeorm';

/**
 * Every action dispatch's audit log knows: a closed list, so the console can name each one and
 * a filter by action cannot miss a spelling.
 */
export const DISPATCH_AUDIT_ACTIONS = [
  'alert.created',
  'alert.closed',
  'alert.resent',
  'alert.widened',
  'channel_settings.changed',
  'channel_settings.removed',
  'question_set.saved',
  'question_set.reset',
  'message_templates.saved',
  'message_templates.reset',
  'disaster_rule.created',
  'disaster_rule.changed',
  'disaster_rule.removed',
] as const;

export type DispatchAuditAction = (typeof DISPATCH_AUDIT_ACTIONS)[number];

/** One audited change. Details hold ids, counts, channel and field names only — never personal data, texts or credentials. */
export interface DispatchAuditEntry {
  action: DispatchAuditAction;
  targetType: 'alert' | 'channel_settings' | 'question_set' | 'message_templates' | 'disaster_rule';
  targetId: string | null;
  details?: Record<string, unknown>;
}

/**
 * Who acted: a signed-in person (the console), one of dispatch's own jobs (the scheduler, a
 * disaster rule), or an internal service calling over gRPC (named as it is accountable).
 */
export type DispatchAuditActor =
  | { kind: 'user'; userId: string; role: string | null; ip: string | null }
  | { kind: 'system'; job: string }
  | { kind: 'service'; caller: string };

/** Who acts, as the verified token says, and from where (Fastify's `request.ip`; trustProxy is set). */
export interface DispatchCaller {
  principal: Principal;
  ip: string | null;
}

export function userActor(caller: DispatchCaller): DispatchAuditActor {
  return { kind: 'user', userId: caller.principal.userId, role: caller.principal.role, ip: caller.ip };
}

/** The scheduler closes alerts whose time is up and widens them when asked to. */
export const ALERT_SCHEDULER_ACTOR: DispatchAuditActor = { kind: 'system', job: 'alert-scheduler' };

/** Closes the alerts of a JMA report that was withdrawn (取消). */
export const DISASTER_RULE_ENGINE_ACTOR: DispatchAuditActor = { kind: 'system', job: 'disaster-rule-engine' };

/** Who the `alert.closed` event names as having closed it: nobody for dispatch's own jobs. */
export function accountableId(actor: DispatchAuditActor): string | null {
  switch (actor.kind) {
    case 'user':
      return actor.userId;
    case 'service':
      return actor.caller;
    case 'system':
      return null;
  }
}

function actorColumns(actor: DispatchAuditActor): { id: string; role: string | null; ip: string | null } {
  switch (actor.kind) {
    case 'user':
      return { id: actor.userId, role: actor.role, ip: actor.ip };
    case 'system':
      return { id: actor.job, role: null, ip: null };
    case 'service':
      return { id: actor.caller, role: null, ip: null };
  }
}

/**
 * Appends to the tenant's dispatch audit log in the caller's transaction (already bound to the
 * tenant), so an entry exists exactly when its change committed. The table refuses UPDATE,
 * DELETE and TRUNCATE (trigger).
 */
export async function recordDispatchAudit(manager: EntityManager, tenantId: string, actor: DispatchAuditActor, entries: readonly DispatchAuditEntry[]): Promise<void> {
  await appendAuditLog(manager, 'dispatch_audit_log', tenantId, { kind: actor.kind, ...actorColumns(actor) }, entries);
}
