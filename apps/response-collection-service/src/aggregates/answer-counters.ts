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
 * The counter rows one recorded answer moves, as the `record_answer` SQL function takes them
 * (it applies them in the answer's own transaction): a first answer counts once as "responded"
 * and in its time bucket; a changed answer moves its choice counts from the old choices to the
 * new ones, so totals stay exact at every commit. A change of answer arrives as -1/+1 rows: the
 * -1 always meets the row its earlier +1 created. Every list is sorted, so all answers lock
 * counter rows in the same order and two answers can never deadlock.
 */
export function counterChanges(change: {
  questions: Question[];
  previous?: Record<string, string>;
  current: Record<string, string>;
  firstAnswer: boolean;
  secondsSinceOpen: number;
  recipientId: string;
  placement: RecipientPlacement;
}) {
  const deltas = choiceDeltas(change.questions, change.previous ?? {}, change.current).sort(
    (left, right) => compare(left.questionId, right.questionId) || compare(left.choiceId, right.choiceId),
  );
  const breakdown = breakdownChanges(change.placement, change.firstAnswer, deltas);
  return {
    shard: counterShardOf(change.recipientId),
    bucket: Math.max(0, Math.floor(change.secondsSinceOpen / BUCKET_SECONDS)),
    choices: deltas,
    responded: breakdown.responded,
    breakdownChoices: breakdown.choices,
  };
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
