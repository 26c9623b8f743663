import { EntityManager } from 'typeorm';
import { Question } from '../answer-page/question-set';
import { breakdownChanges } from '../breakdowns/breakdown-counters';
import { RecipientPlacement } from '../breakdowns/breakdown-keys';

export const BUCKET_SECONDS = 10;

/**
 * Each counter is split over this many rows (summed when read). One row per counter would
 * make every answer of an alert wait for the previous one's commit; a recipient always lands
 * on the same shard, so their own changes still meet the rows their first answer created.
 */
export const COUNTER_SHARDS = 32;

export function counterShardOf(recipientId: string): number {
  return Number.parseInt(recipientId.replace(/-/g, '').slice(-6), 16) % COUNTER_SHARDS;
}

/**
 * Applies one recorded answer to the counters, inside the answer's own transaction: a first
 * answer counts once as "responded" and in its time bucket; a changed answer moves its choice
 * counts from the old choices to the new ones, so totals stay exact at every commit.
 */
export async function countAnswer(
  manager: EntityManager,
  change: {
    tenantId: string;
    alertId: string;
    questions: Question[];
    previous?: Record<string, string>;
    current: Record<string, string>;
    firstAnswer: boolean;
    secondsSinceOpen: number;
    recipientId: string;
    placement: RecipientPlacement;
  },
): Promise<void> {
  const shard = counterShardOf(change.recipientId);
  const deltas = choiceDeltas(change.questions, change.previous ?? {}, change.current).sort(
    (left, right) => compare(left.questionId, right.questionId) || compare(left.choiceId, right.choiceId),
  );
  const breakdown = breakdownChanges(change.placement, change.firstAnswer, deltas);
  // Every counter in one statement (one round trip), each part in a fixed row order. A change
  // of answer arrives as -1/+1 rows: the -1 always meets the row its earlier +1 created.
  await manager.query(
    `WITH totals AS (
       INSERT INTO alert_totals (alert_id, shard, tenant_id, responded) SELECT $1, $2, $3, 1 WHERE $4
       ON CONFLICT (alert_id, shard) DO UPDATE SET responded = alert_totals.responded + 1 RETURNING 1
     ), buckets AS (
       INSERT INTO first_answer_buckets (alert_id, shard, tenant_id, bucket, answers) SELECT $1, $2, $3, $5, 1 WHERE $4
       ON CONFLICT (alert_id, shard, bucket) DO UPDATE SET answers = first_answer_buckets.answers + 1 RETURNING 1
     ), choices AS (
       INSERT INTO answer_choice_counts (alert_id, shard, tenant_id, question_id, choice_id, answers)
       SELECT $1, $2, $3, question_id, choice_id, delta FROM unnest($6::text[], $7::text[], $8::int[]) WITH ORDINALITY AS d(question_id, choice_id, delta, position)
       ORDER BY position
       ON CONFLICT (alert_id, shard, question_id, choice_id) DO UPDATE SET answers = answer_choice_counts.answers + EXCLUDED.answers RETURNING 1
     ), breakdown_responded AS (
       INSERT INTO breakdown_totals (alert_id, shard, tenant_id, dimension, key, responded)
       SELECT $1, $2, $3, dimension, key, 1 FROM unnest($9::text[], $10::text[]) WITH ORDINALITY AS k(dimension, key, position)
       ORDER BY position
       ON CONFLICT (alert_id, shard, dimension, key) DO UPDATE SET responded = breakdown_totals.responded + 1 RETURNING 1
     ), breakdown_choices AS (
       INSERT INTO breakdown_choice_counts (alert_id, shard, tenant_id, dimension, key, question_id, choice_id, answers)
       SELECT $1, $2, $3, dimension, key, question_id, choice_id, delta
       FROM unnest($11::text[], $12::text[], $13::text[], $14::text[], $15::int[]) WITH ORDINALITY AS d(dimension, key, question_id, choice_id, delta, position)
       ORDER BY position
       ON CONFLICT (alert_id, shard, dimension, key, question_id, choice_id) DO UPDATE SET answers = breakdown_choice_counts.answers + EXCLUDED.answers RETURNING 1
     )
     SELECT (SELECT count(*) FROM totals) AS totals, (SELECT count(*) FROM buckets) AS buckets, (SELECT count(*) FROM choices) AS choices,
            (SELECT count(*) FROM breakdown_responded) AS breakdown_responded, (SELECT count(*) FROM breakdown_choices) AS breakdown_choices`,
    [
      change.alertId,
      shard,
      change.tenantId,
      change.firstAnswer,
      Math.max(0, Math.floor(change.secondsSinceOpen / BUCKET_SECONDS)),
      deltas.map((delta) => delta.questionId),
      deltas.map((delta) => delta.choiceId),
      deltas.map((delta) => delta.delta),
      breakdown.responded.map((key) => key.dimension),
      breakdown.responded.map((key) => key.key),
      breakdown.choices.map((row) => row.dimension),
      breakdown.choices.map((row) => row.key),
      breakdown.choices.map((row) => row.questionId),
      breakdown.choices.map((row) => row.choiceId),
      breakdown.choices.map((row) => row.delta),
    ],
  );
}

function compare(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** +1 for each newly chosen option, −1 for each option no longer chosen (choice questions only). */
export function choiceDeltas(questions: Question[], previous: Record<string, string>, current: Record<string, string>) {
  return questions
    .filter((question) => question.kind === 'choice' && previous[question.id] !== current[question.id])
    .flatMap((question) => [
      ...(previous[question.id] ? [{ questionId: question.id, choiceId: previous[question.id], delta: -1 }] : []),
      ...(current[question.id] ? [{ questionId: question.id, choiceId: current[question.id], delta: 1 }] : []),
    ]);
}
