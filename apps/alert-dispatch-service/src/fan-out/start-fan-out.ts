import { EntityManager } from 'typeorm';

/**
 * Queues round `round` of an alert for the fan-out workers. Runs inside the caller's
 * transaction (the `alert.created` consumer's inbox transaction, or a re-send), so the job
 * exists exactly when the triggering change committed. Queuing twice is a no-op.
 */
export async function queueFanOut(manager: EntityManager, tenantId: string, alertId: string, round: number): Promise<void> {
  await manager.query(
    `INSERT INTO fan_out_jobs (tenant_id, alert_id, round) VALUES ($1, $2, $3) ON CONFLICT (alert_id, round) DO NOTHING`,
    [tenantId, alertId, round],
  );
}
