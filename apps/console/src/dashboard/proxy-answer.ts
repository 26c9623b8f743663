import { ApiError } from '../api/api-error';
import { fieldProblemText } from '../api/field-problem-text';
import type { Language } from '../i18n/messages';
import type { Question } from '../api/dispatch-api';

/** Who may record an answer on someone's behalf (a department admin only for their departments: the service checks). */
const recorderRoles: readonly string[] = ['owner', 'admin', 'department_admin'];

export function canRecordAnswers(role: string | undefined): boolean {
  return role !== undefined && recorderRoles.includes(role);
}

/** The form as typed: per question id, a choice id or text; '' = not answered. */
export type ProxyAnswerValues = Record<string, string>;

export function emptyValues(questions: Question[]): ProxyAnswerValues {
  return Object.fromEntries(questions.map((question) => [question.id, '']));
}

/** Longer than this, a text question gets a text area instead of a one-line box. */
const ONE_LINE_MAX_LENGTH = 200;

export function isLongText(question: Question): boolean {
  return question.kind === 'text' && (question.maxLength ?? Infinity) > ONE_LINE_MAX_LENGTH;
}

/**
 * The `answers` of the PUT body: the questions answered, text trimmed. A question left empty is
 * left out, never sent as '': the service decides what is missing (required questions), so the
 * console and the answer page refuse the same things.
 */
export function answersBody(questions: Question[], values: ProxyAnswerValues): Record<string, string> {
  const answered = questions.map((question) => [question.id, (values[question.id] ?? '').trim()] as const).filter(([, value]) => value !== '');
  return Object.fromEntries(answered);
}

export interface AnswerProblems {
  /** The service's word per question (`answers.<questionId>`), several for one question joined. */
  byQuestion: Record<string, string>;
  /** Problems with no question on this form (the body as a whole, a question id the form does not have). */
  elsewhere: [path: string, message: string][];
}

const answerPath = /^answers\.([^.]+)/;

export function answerProblemsOf(error: unknown, questions: Question[], language: Language): AnswerProblems {
  const problems: AnswerProblems = { byQuestion: {}, elsewhere: [] };
  if (!(error instanceof ApiError)) return problems;
  const questionIds = new Set(questions.map((question) => question.id));
  for (const problem of error.details) {
    const { path } = problem;
    const message = fieldProblemText(problem, language);
    const questionId = answerPath.exec(path)?.[1];
    if (questionId === undefined || !questionIds.has(questionId)) {
      problems.elsewhere.push([path, message]);
      continue;
    }
    const before = problems.byQuestion[questionId];
    problems.byQuestion[questionId] = before ? `${before} / ${message}` : message;
  }
  return problems;
}

/**
 * Refusals that mean something particular here, in the panel's own words: the safety check has
 * closed (410), or it or the person is not known as one of its recipients (404, e.g. removed
 * from the directory meanwhile). Anything else is described as every other API error.
 */
export function refusalKey(error: unknown): 'proxyAnswer.alertClosed' | 'proxyAnswer.notRecipient' | 'proxyAnswer.answeredMeanwhile' | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 412) return 'proxyAnswer.answeredMeanwhile';
  if (error.status === 410) return 'proxyAnswer.alertClosed';
  if (error.status === 404) return 'proxyAnswer.notRecipient';
  return undefined;
}
