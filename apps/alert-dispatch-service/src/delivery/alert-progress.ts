import { AlertProgressV1 } from '@anpi/contracts';
import { EntityManager } from 'typeorm';
import { CHANNEL_KINDS, ChannelKind } from '../channels';

type DeliveryState = keyof AlertProgressV1['totals'];
type ChannelCounts = AlertProgressV1['channels'][ChannelKind] & object;

interface CountRow {
  channel: string | null;
  state: DeliveryState;
  n: number;
}

const channelColumnOf: Partial<Record<DeliveryState, keyof ChannelCounts>> = { queued: 'queued', sending: 'queued', sent: 'sent', failed: 'failed', bounced: 'bounced' };

/**
 * An alert's progress as `alert.progress` carries it and the REST view shows it, from the counts
 * the database keeps as deliveries change (every pod's; `delivery_counts`, migration
 * 1765300000000). A delivery still waiting counts for the first channel of its fallback order; a
 * settled one for the channel that sent it or failed last. Runs inside a tenant transaction;
 * undefined when the alert does not exist (for this tenant).
 */
export async function measureAlertProgress(manager: EntityManager, alertId: string, now: Date): Promise<AlertProgressV1 | undefined> {
  const [alert]: { state: AlertProgressV1['state']; drill: boolean; rounds_started: number; widened_at: Date | null }[] = await manager.query(
    'SELECT state, drill, rounds_started, widened_at FROM alerts WHERE id = $1',
    [alertId],
  );
  if (!alert) return undefined;
  const rows: CountRow[] = await manager.query(
    `SELECT channel, state, sum(deliveries)::int AS n FROM delivery_counts WHERE alert_id = $1 GROUP BY channel, state HAVING sum(deliveries) <> 0`,
    [alertId],
  );
  const responded = await countResponded(manager, alertId);
  const totals: AlertProgressV1['totals'] = { queued: 0, sending: 0, sent: 0, failed: 0, bounced: 0, cancelled: 0 };
  const channels: AlertProgressV1['channels'] = {};
  for (const row of rows) {
    totals[row.state] += row.n;
    const column = channelColumnOf[row.state];
    if (!column || !isChannelKind(row.channel)) continue;
    const counts = (channels[row.channel] ??= { queued: 0, sent: 0, failed: 0, bounced: 0 });
    counts[column] += row.n;
  }
  return {
    alertId,
    state: alert.state,
    drill: alert.drill,
    roundsStarted: alert.rounds_started,
    widened: alert.widened_at !== null,
    totals,
    channels,
    responded,
    measuredAt: now.toISOString(),
  };
}

/** An alert's deliveries by state (the alert views), from the same counts. */
export async function countDeliveriesByState(manager: EntityManager, alertId: string): Promise<Record<string, number>> {
  const rows: { state: string; n: number }[] = await manager.query(
    'SELECT state, sum(deliveries)::int AS n FROM delivery_counts WHERE alert_id = $1 GROUP BY state HAVING sum(deliveries) <> 0',
    [alertId],
  );
  return Object.fromEntries(rows.map((row) => [row.state, row.n]));
}

/** How many people answered the alert (their re-sends stopped), from counts kept like the deliveries'. */
export async function countResponded(manager: EntityManager, alertId: string): Promise<number> {
  const [{ responded }]: { responded: number }[] = await manager.query('SELECT coalesce(sum(responded), 0)::int AS responded FROM responded_counts WHERE alert_id = $1', [alertId]);
  return responded;
}

function isChannelKind(value: string | null): value is ChannelKind {
  return (CHANNEL_KINDS as readonly (string | null)[]).includes(value);
}
