import { Question } from './question-set';

export type AnswerFormResult =
  | { ok: true; answers: Record<string, string> }
  | { ok: false; problems: { questionId: string; problem: 'required' | 'not-a-choice' | 'too-long' | 'unknown-question' | 'repeated' }[] };

/**
 * Checks a submitted form against the alert's questions. Unknown fields, values that are not
 * one of the offered choices, over-long text and missing required answers are refused as a
 * whole: nothing partial is stored.
 */
export function readAnswerForm(questions: readonly Question[], form: Record<string, unknown>): AnswerFormResult {
  const problems: Extract<AnswerFormResult, { ok: false }>['problems'] = [];
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const field of Object.keys(form)) {
    if (!byId.has(field)) problems.push({ questionId: field.slice(0, 40), problem: 'unknown-question' });
  }
  const answers: Record<string, string> = {};
  for (const question of questions) {
    const raw = form[question.id];
    if (Array.isArray(raw)) {
      problems.push({ questionId: question.id, problem: 'repeated' });
      continue;
    }
    const value = typeof raw === 'string' ? raw.trim() : '';
    if (value === '') {
      if (question.required) problems.push({ questionId: question.id, problem: 'required' });
      continue;
    }
    const problem = question.kind === 'choice' ? checkChoice(question, value) : checkText(question, value);
    if (problem) problems.push({ questionId: question.id, problem });
    else answers[question.id] = value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

function checkChoice(question: Extract<Question, { kind: 'choice' }>, value: string) {
  return question.choices.some((choice) => choice.id === value) ? undefined : ('not-a-choice' as const);
}

function checkText(question: Extract<Question, { kind: 'text' }>, value: string) {
  // Characters, not bytes: a Japanese comment of 500 characters is allowed.
  return [...value].length > question.maxLength ? ('too-long' as const) : undefined;
}
