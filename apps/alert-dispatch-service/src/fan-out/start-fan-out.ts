import { z } from 'zod';
import { EntityManager } from 'typeorm';

/** Which non-responders a manual "send again" asks: people in these departments (sub-departments included) and/or these people. */
export const recipientFilterSchema = z
  .object({
    departmentIds: z.array(z.uuid()).min(1).max(500).optional(),
    recipientIds: z.array(z.uuid()).min(1).max(10_000).optional(),
  })
  .strict();

export type RecipientFilter = z.infer<typeof recipientFilterSchema>;

/**
 * Queues round `round` of an alert for the fan-out workers: one slice over every recipient id,
 * which the first worker cuts into more when the round is large. Runs inside the caller's
 * transaction (the `alert.created` consumer's inbox transaction, or a re-send), so the job
 * exists exactly when the triggering change committed. Queuing twice is a no-op.
 */
export async function queueFanOut(manager: EntityManager, tenantId: string, alertId: string, round: number, filter?: RecipientFilter): Promise<void> {
  await manager.query(
    `INSERT INTO fan_out_jobs (tenant_id, alert_id, round, recipient_filter) VALUES ($1, $2, $3, $4) ON CONFLICT (alert_id, round, slice) DO NOTHING`,
    [tenantId, alertId, round, filter && (filter.departmentIds || filter.recipientIds) ? JSON.stringify(filter) : null],
  );
}
