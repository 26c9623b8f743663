import { Principal } from '@anpi/auth-guard';
import { ConflictException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { assertTargetWithinScope } from '../alerts/department-scope-check';
import { DispatchCaller, recordDispatchAudit, userActor } from '../audit';
import { RecipientFilter } from '../fan-out/start-fan-out';
import { startNextRound } from './start-next-round';

export interface SendAgainResult {
  round: number;
  replayed: boolean;
}

/**
 * The console's "send again now" to non-responders, optionally only some of them. A department
 * admin only ever reaches people of their own departments: without departments their whole
 * scope is meant, and departments outside it are refused. With an Idempotency-Key, a repeated
 * click starts one round, not two (and the audit log records it once).
 */
export async function sendAgain(
  manager: EntityManager,
  caller: DispatchCaller,
  alertId: string,
  requested: RecipientFilter,
  idempotencyKey: string | undefined,
  now: Date,
): Promise<SendAgainResult> {
  const [alert]: { id: string }[] = await manager.query('SELECT id FROM alerts WHERE id = $1', [alertId]);
  if (!alert) throw new NotFoundException('alert not found');
  const { principal } = caller;
  const filter = await filterWithinScope(manager, principal, requested);
  if (idempotencyKey === undefined) return { round: await startRound(manager, caller, alertId, now, filter), replayed: false };

  const requestHash = createHash('sha256').update(JSON.stringify(filter)).digest('hex');
  // The key is taken first: a concurrent request with the same key waits here, then sees it taken.
  const taken: { round: number }[] = await manager.query(
    `INSERT INTO manual_resends (tenant_id, alert_id, idempotency_key, request_hash, round) VALUES ($1, $2, $3, $4, 0)
     ON CONFLICT (alert_id, idempotency_key) DO NOTHING RETURNING round`,
    [principal.tenantId, alertId, idempotencyKey, requestHash],
  );
  if (taken.length === 0) {
    const [earlier]: { request_hash: string; round: number }[] = await manager.query(
      'SELECT request_hash, round FROM manual_resends WHERE alert_id = $1 AND idempotency_key = $2',
      [alertId, idempotencyKey],
    );
    if (earlier.request_hash !== requestHash) throw new UnprocessableEntityException('this Idempotency-Key was used with a different request');
    return { round: earlier.round, replayed: true };
  }
  const round = await startRound(manager, caller, alertId, now, filter);
  await manager.query('UPDATE manual_resends SET round = $3 WHERE alert_id = $1 AND idempotency_key = $2', [alertId, idempotencyKey, round]);
  return { round, replayed: false };
}

async function startRound(manager: EntityManager, caller: DispatchCaller, alertId: string, now: Date, filter: RecipientFilter): Promise<number> {
  const round = await startNextRound(manager, caller.principal.tenantId, alertId, now, filter);
  if (round === undefined) throw new ConflictException('the alert is closed');
  // Counts only: null means every non-responder (no departments, or no people, named).
  const details = { round, departmentCount: filter.departmentIds?.length ?? null, recipientCount: filter.recipientIds?.length ?? null };
  await recordDispatchAudit(manager, caller.principal.tenantId, userActor(caller), [{ action: 'alert.resent', targetType: 'alert', targetId: alertId, details }]);
  return round;
}

async function filterWithinScope(manager: EntityManager, principal: Principal, requested: RecipientFilter): Promise<RecipientFilter> {
  if (principal.role !== 'department_admin') return requested;
  const departmentIds = requested.departmentIds ?? principal.departmentIds;
  await assertTargetWithinScope(manager, principal, { kind: 'departments', departmentIds });
  return { ...requested, departmentIds };
}
