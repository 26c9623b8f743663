import { EntityManager } from 'typeorm';
import { RecipientFilter, queueFanOut } from '../fan-out/start-fan-out';

/**
 * Starts the next round of an open alert (automatic or "send again"): only people who have
 * not answered yet are asked again (the fan-out reads them for rounds after the first), and a
 * manual round may ask only some of them (`filter`).
 * Returns the round number, or undefined when the alert is not open.
 */
export async function startNextRound(manager: EntityManager, tenantId: string, alertId: string, now: Date, filter?: RecipientFilter): Promise<number | undefined> {
  const [rows]: [{ rounds_started: number; resend_max_rounds: number; resend_interval_minutes: number; closes_at: Date }[], number] = await manager.query(
    `UPDATE alerts SET rounds_started = rounds_started + 1, last_round_at = $2, updated_at = now()
     WHERE id = $1 AND state IN ('sending', 'open') AND closes_at > $2
     RETURNING rounds_started, resend_max_rounds, resend_interval_minutes, closes_at`,
    [alertId, now],
  );
  const alert = rows[0];
  if (!alert) return undefined;
  await queueFanOut(manager, tenantId, alertId, alert.rounds_started, filter);
  await scheduleAlert(manager, tenantId, alertId, alert.rounds_started, alert.resend_max_rounds, alert.resend_interval_minutes, alert.closes_at, now);
  return alert.rounds_started;
}

/** Round 1 plus `maxRounds` re-sends, one every `intervalMinutes`; always closing at `closesAt`. */
export async function scheduleAlert(
  manager: EntityManager,
  tenantId: string,
  alertId: string,
  roundsStarted: number,
  maxRounds: number,
  intervalMinutes: number,
  closesAt: Date,
  now: Date,
): Promise<void> {
  const nextRoundAt = roundsStarted <= maxRounds ? new Date(now.getTime() + intervalMinutes * 60_000) : null;
  await manager.query(
    `INSERT INTO alert_schedule (alert_id, tenant_id, next_round_at, closes_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (alert_id) DO UPDATE SET next_round_at = EXCLUDED.next_round_at, closes_at = EXCLUDED.closes_at`,
    [alertId, tenantId, nextRoundAt, closesAt],
  );
}
