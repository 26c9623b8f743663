import { Question } from '../answer-page/question-set';
import { breakdownChanges } from '../breakdowns/breakdown-counters';
import { RecipientPlacement } from '../breakdowns/breakdown-keys';

export const BUCKET_SECONDS = 10;

/**
 * Each counter is split over this many rows (summed when read). One row per counter would make
 * every batch of answers to an alert wait for the previous batch's commit; concurrent batches
 * write to different shards (writeAnswersTo rotates them). A shard's row may go below zero
 * — a changed answer takes its old choice back on the shard of its own batch — only sums are read.
 */
export const COUNTER_SHARDS = 32;

/**
 * The counter rows one recorded answer moves, as the `record_answers` SQL function takes them
 * (it sums them over its batch and applies them in the batch's transaction): a first answer
 * counts once as "responded" and in its time bucket; a changed answer moves its choice counts
 * from the old choices to the new ones (-1/+1 rows), so totals stay exact at every commit.
 */
export function counterChanges(change: {
  questions: Question[];
  previous?: Record<string, string>;
  current: Record<string, string>;
  firstAnswer: boolean;
  secondsSinceOpen: number;
  placement: RecipientPlacement;
}) {
  const deltas = choiceDeltas(change.questions, change.previous ?? {}, change.current).sort(
    (left, right) => compare(left.questionId, right.questionId) || compare(left.choiceId, right.choiceId),
  );
  const breakdown = breakdownChanges(change.placement, change.firstAnswer, deltas);
  return {
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
