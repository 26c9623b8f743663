import { EntityManager } from 'typeorm';
import { Question } from '../answer-page/question-set';

export const BUCKET_SECONDS = 10;

/**
 * Applies one recorded answer to the counters, inside the answer's own transaction: a first
 * answer counts once as "responded" and in its time bucket; a changed answer moves its choice
 * counts from the old choices to the new ones, so totals stay exact at every commit.
 */
export async function countAnswer(
  manager: EntityManager,
  change: { tenantId: string; alertId: string; questions: Question[]; previous?: Record<string, string>; current: Record<string, string>; firstAnswer: boolean; secondsSinceOpen: number },
): Promise<void> {
  const { tenantId, alertId } = change;
  if (change.firstAnswer) {
    await manager.query(
      `INSERT INTO alert_totals (alert_id, tenant_id, responded) VALUES ($1, $2, 1)
       ON CONFLICT (alert_id) DO UPDATE SET responded = alert_totals.responded + 1`,
      [alertId, tenantId],
    );
    await manager.query(
      `INSERT INTO first_answer_buckets (alert_id, tenant_id, bucket, answers) VALUES ($1, $2, $3, 1)
       ON CONFLICT (alert_id, bucket) DO UPDATE SET answers = first_answer_buckets.answers + 1`,
      [alertId, tenantId, Math.max(0, Math.floor(change.secondsSinceOpen / BUCKET_SECONDS))],
    );
  }
  const deltas = choiceDeltas(change.questions, change.previous ?? {}, change.current);
  const taken = deltas.filter((delta) => delta.delta < 0);
  const added = deltas.filter((delta) => delta.delta > 0);
  // A choice given up was counted when it was given: decrement in place (the count never goes below 0).
  if (taken.length > 0) {
    await manager.query(
      `UPDATE answer_choice_counts c SET answers = c.answers - 1
       FROM unnest($2::text[], $3::text[]) AS d(question_id, choice_id)
       WHERE c.alert_id = $1 AND c.question_id = d.question_id AND c.choice_id = d.choice_id`,
      [alertId, taken.map((delta) => delta.questionId), taken.map((delta) => delta.choiceId)],
    );
  }
  if (added.length > 0) {
    await manager.query(
      `INSERT INTO answer_choice_counts (alert_id, tenant_id, question_id, choice_id, answers)
       SELECT $1, $2, question_id, choice_id, 1 FROM unnest($3::text[], $4::text[]) AS d(question_id, choice_id)
       ON CONFLICT (alert_id, question_id, choice_id) DO UPDATE SET answers = answer_choice_counts.answers + 1`,
      [alertId, tenantId, added.map((delta) => delta.questionId), added.map((delta) => delta.choiceId)],
    );
  }
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
