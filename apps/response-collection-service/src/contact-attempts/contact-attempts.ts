import { DeliveryOutcomesV1, DeliveryOutcomeV1 } from '@anpi/contracts';
import { EntityManager } from 'typeorm';

/** What one `delivery.outcomes` event says about one recipient, ready to merge into their row. */
export interface ContactSummary {
  recipientId: string;
  /** Channels handed to a provider, in the order tried; a `skipped` channel (no address, not set up) was not tried. */
  channels: string[];
  /** The channel that sent the latest delivery or was tried last; null when no channel reached a provider. */
  lastChannel: string | null;
  lastState: DeliveryOutcomeV1['state'];
  lastAttemptAt: string;
  deliveries: number;
}

/**
 * One summary per recipient: a chunk holds one delivery per person, but the contract does not
 * promise it, and an upsert cannot touch the same row twice in one statement.
 */
export function summariseOutcomes(outcomes: readonly DeliveryOutcomeV1[]): ContactSummary[] {
  const byRecipient = new Map<string, ContactSummary>();
  for (const outcome of [...outcomes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    const tried = outcome.attempts.filter((attempt) => attempt.outcome !== 'skipped').map((attempt) => attempt.channel);
    const earlier = byRecipient.get(outcome.recipientId);
    byRecipient.set(outcome.recipientId, {
      recipientId: outcome.recipientId,
      channels: mergeChannels(earlier?.channels ?? [], tried),
      lastChannel: tried.at(-1) ?? null,
      lastState: outcome.state,
      lastAttemptAt: outcome.at,
      deliveries: (earlier?.deliveries ?? 0) + 1,
    });
  }
  return [...byRecipient.values()];
}

function mergeChannels(first: readonly string[], then: readonly string[]): string[] {
  return [...first, ...then.filter((channel) => !first.includes(channel))];
}

/**
 * Keeps `contact_attempts` from `delivery.outcomes`, one statement per event. Events of
 * different rounds can arrive in any order (several dispatch pods, retries), so the newest
 * `at` decides the `last_*` columns, and an older event's new channels go before the ones
 * already known (they were tried first). The inbox applies each event once.
 */
export class ContactAttemptsStore {
  async record(manager: EntityManager, tenantId: string, event: DeliveryOutcomesV1): Promise<void> {
    const summaries = summariseOutcomes(event.outcomes);
    await manager.query(
      `INSERT INTO contact_attempts AS c (alert_id, recipient_id, tenant_id, channels, last_channel, last_state, last_attempt_at, deliveries)
       SELECT $1, o.recipient_id, $2, ARRAY(SELECT t.channel FROM jsonb_array_elements_text(o.channels) WITH ORDINALITY AS t(channel, n) ORDER BY t.n),
              o.last_channel, o.last_state, o.last_attempt_at, o.deliveries
       FROM unnest($3::uuid[], $4::jsonb[], $5::text[], $6::text[], $7::timestamptz[], $8::int[])
            AS o(recipient_id, channels, last_channel, last_state, last_attempt_at, deliveries)
       ON CONFLICT (alert_id, recipient_id) DO UPDATE SET
         channels = CASE WHEN EXCLUDED.last_attempt_at < c.last_attempt_at
           THEN EXCLUDED.channels || ARRAY(SELECT t.channel FROM unnest(c.channels) WITH ORDINALITY AS t(channel, n) WHERE t.channel <> ALL(EXCLUDED.channels) ORDER BY t.n)
           ELSE c.channels || ARRAY(SELECT t.channel FROM unnest(EXCLUDED.channels) WITH ORDINALITY AS t(channel, n) WHERE t.channel <> ALL(c.channels) ORDER BY t.n) END,
         last_channel = CASE WHEN EXCLUDED.last_attempt_at >= c.last_attempt_at THEN EXCLUDED.last_channel ELSE c.last_channel END,
         last_state = CASE WHEN EXCLUDED.last_attempt_at >= c.last_attempt_at THEN EXCLUDED.last_state ELSE c.last_state END,
         last_attempt_at = greatest(c.last_attempt_at, EXCLUDED.last_attempt_at),
         deliveries = c.deliveries + EXCLUDED.deliveries`,
      [
        event.alertId,
        tenantId,
        summaries.map((summary) => summary.recipientId),
        summaries.map((summary) => JSON.stringify(summary.channels)),
        summaries.map((summary) => summary.lastChannel),
        summaries.map((summary) => summary.lastState),
        summaries.map((summary) => summary.lastAttemptAt),
        summaries.map((summary) => summary.deliveries),
      ],
    );
  }
}
