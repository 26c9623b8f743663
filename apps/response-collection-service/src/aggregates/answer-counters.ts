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
  if (deltas.length === 0) return;
  await manager.query(
    `INSERT INTO answer_choice_counts (alert_id, tenant_id, question_id, choice_id, answers)
     SELECT $1, $2, question_id, choice_id, delta FROM unnest($3::text[], $4::text[], $5::int[]) AS d(question_id, choice_id, delta)
     ON CONFLICT (alert_id, question_id, choice_id) DO UPDATE SET answers = answer_choice_counts.answers + EXCLUDED.answers`,
    [alertId, tenantId, deltas.map((delta) => delta.questionId), deltas.map((delta) => delta.choiceId), deltas.map((delta) => delta.delta)],
  );
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
