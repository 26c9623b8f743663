import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { BUCKET_SECONDS } from './answer-counters';

export interface AlertSummary {
  alertId: string;
  recipients: number;
  responded: number;
  /** responded / recipients, 0–1 (0 while nobody has been asked yet). */
  responseRate: number;
  /** Counts per question per choice id. */
  answers: Record<string, Record<string, number>>;
  /** Cumulative first answers at the end of each 10-second step since the alert opened. */
  timeline: { secondsSinceOpen: number; responded: number }[];
  /** Time by which half of those who answered had answered (10-second resolution). */
  medianSecondsToAnswer: number | null;
}

/** The live picture of one alert, read from the counters (a few rows, never the answers). */
export class AlertSummaries {
  constructor(private readonly dataSource: DataSource) {}

  async read(tenantId: string, alertId: string): Promise<AlertSummary | undefined> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [alert] = await manager.query('SELECT 1 FROM alert_projections WHERE alert_id = $1', [alertId]);
      if (!alert) return undefined;
      // Counters are sharded (see COUNTER_SHARDS): each is the sum of its rows.
      const [totals]: { recipients: number; responded: number }[] = await manager.query(
        'SELECT coalesce(sum(recipients), 0)::int AS recipients, coalesce(sum(responded), 0)::int AS responded FROM alert_totals WHERE alert_id = $1',
        [alertId],
      );
      const choices: { question_id: string; choice_id: string; answers: number }[] = await manager.query(
        'SELECT question_id, choice_id, sum(answers)::int AS answers FROM answer_choice_counts WHERE alert_id = $1 GROUP BY question_id, choice_id HAVING sum(answers) > 0 ORDER BY question_id, choice_id',
        [alertId],
      );
      const buckets: { bucket: number; answers: number }[] = await manager.query(
        'SELECT bucket, sum(answers)::int AS answers FROM first_answer_buckets WHERE alert_id = $1 GROUP BY bucket ORDER BY bucket',
        [alertId],
      );
      return summarise(alertId, totals, choices, buckets);
    });
  }
}

export function summarise(
  alertId: string,
  totals: { recipients: number; responded: number },
  choices: { question_id: string; choice_id: string; answers: number }[],
  buckets: { bucket: number; answers: number }[],
): AlertSummary {
  const answers: AlertSummary['answers'] = {};
  for (const row of choices) {
    answers[row.question_id] = { ...answers[row.question_id], [row.choice_id]: row.answers };
  }
  let cumulative = 0;
  const timeline = buckets.map((row) => ({ secondsSinceOpen: (row.bucket + 1) * BUCKET_SECONDS, responded: (cumulative += row.answers) }));
  const half = totals.responded / 2;
  return {
    alertId,
    recipients: totals.recipients,
    responded: totals.responded,
    responseRate: totals.recipients > 0 ? totals.responded / totals.recipients : 0,
    answers,
    timeline,
    medianSecondsToAnswer: totals.responded > 0 ? (timeline.find((point) => point.responded >= half)?.secondsSinceOpen ?? null) : null,
  };
}
