import { AlertClosedV1 } from '@anpi/contracts';
import { appendToOutbox } from '@anpi/messaging';
import { EntityManager } from 'typeorm';
import { DispatchAuditActor, accountableId, recordDispatchAudit } from '../audit';

export type CloseReason = AlertClosedV1['reason'];

/**
 * The one way an alert closes, whoever closes it (its crisis team, the scheduler at the closing
 * time, a withdrawn JMA report): in the caller's tenant transaction, the alert becomes `closed`,
 * its queued messages are cancelled (a fan-out or sender that has not reached them sends
 * nothing more), its schedule goes (no re-send, no widening), and `alert.closed` tells
 * response-collection to stop taking answers, and the audit log names who closed it. Returns
 * false when it was already closed: then nothing changes and nothing is announced or recorded.
 */
export async function closeAlert(manager: EntityManager, tenantId: string, alertId: string, reason: CloseReason, closedBy: DispatchAuditActor, now: Date): Promise<boolean> {
  await manager.query('DELETE FROM alert_schedule WHERE alert_id = $1', [alertId]);
  // For UPDATE … RETURNING, TypeORM answers [rows, affected count].
  const [closed]: [{ id: string }[], number] = await manager.query(
    `UPDATE alerts SET state = 'closed', closed_at = $2, updated_at = now() WHERE id = $1 AND state <> 'closed' RETURNING id`,
    [alertId, now],
  );
  if (closed.length === 0) return false;
  await manager.query(`UPDATE deliveries SET state = 'cancelled', updated_at = now() WHERE alert_id = $1 AND state = 'queued'`, [alertId]);
  const payload: AlertClosedV1 = { alertId, closedAt: now.toISOString(), reason, closedBy: accountableId(closedBy) };
  await appendToOutbox(manager, [{ type: 'alert.closed', version: 1, tenantId, key: alertId, payload }]);
  await recordDispatchAudit(manager, tenantId, closedBy, [{ action: 'alert.closed', targetType: 'alert', targetId: alertId, details: { reason } }]);
  return true;
}
