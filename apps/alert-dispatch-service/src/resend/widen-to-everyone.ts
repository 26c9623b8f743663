import { EntityManager } from 'typeorm';
import { ALERT_SCHEDULER_ACTOR, recordDispatchAudit } from '../audit';

/** The scheduler widens the alert at `widenAt` (the cross-tenant schedule row exists already). */
export async function scheduleWidening(manager: EntityManager, alertId: string, widenAt: Date): Promise<void> {
  await manager.query('UPDATE alert_schedule SET widen_at = $2 WHERE alert_id = $1', [alertId, widenAt]);
}

/**
 * "Widen to everyone after N minutes": round 1 is fanned out again, this time over the whole
 * company. People already asked keep their one delivery (deliveries are unique per alert, round
 * and recipient), everyone else gets theirs, and later re-send rounds include them too. Only
 * the scheduler widens (at the time the alert asked for), so the audit log names it.
 * Returns false when the alert was already widened, or is closed.
 */
export async function widenToEveryone(manager: EntityManager, tenantId: string, alertId: string, now: Date): Promise<boolean> {
  await manager.query('UPDATE alert_schedule SET widen_at = NULL WHERE alert_id = $1', [alertId]);
  await lockRoundOneSlices(manager, alertId);
  const [widened]: [{ id: string }[], number] = await manager.query(
    `UPDATE alerts SET widened_at = $2, updated_at = now()
     WHERE id = $1 AND widened_at IS NULL AND state IN ('sending', 'open') AND closes_at > $2 RETURNING id`,
    [alertId, now],
  );
  if (widened.length === 0) return false;
  // Every slice of round 1 from its start: one still in progress would otherwise skip everyone
  // before its cursor. A round 1 that was never queued gets its one slice over every id.
  await manager.query(`INSERT INTO fan_out_jobs (tenant_id, alert_id, round) VALUES ($1, $2, 1) ON CONFLICT (alert_id, round, slice) DO NOTHING`, [tenantId, alertId]);
  await manager.query(`UPDATE fan_out_jobs SET status = 'pending', cursor_recipient = start_after, updated_at = now() WHERE alert_id = $1 AND round = 1`, [alertId]);
  await recordDispatchAudit(manager, tenantId, ALERT_SCHEDULER_ACTOR, [{ action: 'alert.widened', targetType: 'alert', targetId: alertId }]);
  return true;
}

/**
 * Takes round 1's slices before the alert's row, in the fan-out workers' order (a worker holds
 * its slice while it takes the alert's row to open it): the other order could deadlock with a
 * worker finishing a slice. Twice, because a page that was splitting the round while we waited
 * adds slices the first read could not see; a round is split only once, so none can follow.
 */
async function lockRoundOneSlices(manager: EntityManager, alertId: string): Promise<void> {
  for (let pass = 0; pass < 2; pass += 1) {
    await manager.query('SELECT 1 FROM fan_out_jobs WHERE alert_id = $1 AND round = 1 ORDER BY slice FOR UPDATE', [alertId]);
  }
}
