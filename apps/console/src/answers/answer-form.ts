import { ApiError } from '../api/api-error';
import { fieldProblemText } from '../api/field-problem-text';
import type { Question } from '../api/dispatch-api';
import type { Language } from '../i18n/messages';

/**
 * The answer form as typed, whoever answers (the person themselves, or the crisis team on their
 * behalf): per question id, a choice id or text; '' = not answered.
 */
export type AnswerValues = Record<string, string>;

export function emptyValues(questions: Question[]): AnswerValues {
  return Object.fromEntries(questions.map((question) => [question.id, '']));
}

/** The form filled in with an answer given before (null: none yet), to change it rather than start again. */
export function valuesOf(questions: Question[], answers: Record<string, string> | null | undefined): AnswerValues {
  return Object.fromEntries(questions.map((question) => [question.id, answers?.[question.id] ?? '']));
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
export function answersBody(questions: Question[], values: AnswerValues): Record<string, string> {
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

/** One answered question in words: its label and what was answered, a choice by its label. */
export interface AnswerInWords {
  questionId: string;
  question: string;
  answer: string;
}

/**
 * An answer as a person reads it, in the console's language: the questions answered, in the
 * alert's order. A choice the question set no longer knows shows as stored rather than vanish.
 */
export function answerInWords(questions: Question[], answers: Record<string, string>, language: Language): AnswerInWords[] {
  return questions
    .filter((question) => (answers[question.id] ?? '') !== '')
    .map((question) => {
      const given = answers[question.id];
      const choice = question.kind === 'choice' ? question.choices?.find(({ id }) => id === given) : undefined;
      return { questionId: question.id, question: question.label[language], answer: choice ? choice.label[language] : given };
    });
}
