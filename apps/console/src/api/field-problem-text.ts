import { Language, MessageKey, translate } from '../i18n/messages';
import { ApiError, FieldProblem } from './api-error';

/** Patterns the directory checks, in words for the field they belong to (the service's English hint is for API users). */
const patternByField: Record<string, MessageKey> = {
  nameKana: 'field.pattern.kana',
  mobilePhone: 'field.pattern.phone',
  lineUserId: 'field.pattern.lineUserId',
  employeeNumber: 'field.pattern.employeeNumber',
};

const formatKeys: Record<string, MessageKey> = { email: 'field.format.email', url: 'field.format.url' };

const ruleKeys: Record<NonNullable<FieldProblem['rule']>, (problem: FieldProblem) => MessageKey> = {
  required: () => 'field.required',
  'too-long': () => 'field.tooLong',
  'too-short': () => 'field.tooShort',
  'too-many': () => 'field.tooMany',
  'too-few': () => 'field.tooFew',
  'too-large': () => 'field.tooLarge',
  'too-small': () => 'field.tooSmall',
  format: (problem) => (problem.format === 'pattern' ? own(patternByField, lastSegment(problem.path)) : own(formatKeys, problem.format)) ?? 'field.format.other',
  'one-of': () => 'field.oneOf',
  type: () => 'field.type',
  'unknown-fields': () => 'field.unknownFields',
  taken: () => 'field.taken',
};

/**
 * What to show next to a refused field, in the console's language: the rule the service says was
 * broken, in words; the service's own message where it names no rule (a custom check) or one
 * this console does not know yet.
 */
export function fieldProblemText(problem: FieldProblem, language: Language): string {
  const key = own(ruleKeys, problem.rule)?.(problem);
  if (!key) return problem.message;
  return translate(language, key, { maximum: problem.maximum ?? '', minimum: problem.minimum ?? '', fields: (problem.fields ?? []).join(', ') });
}

/**
 * The service's field problems by path (`lineUserId`, `privateEmails.1`), several for one field
 * joined, in the console's language (the service's own words where `language` is not given).
 */
export function fieldErrorsOf(error: unknown, language?: Language): Record<string, string> {
  const byPath: Record<string, string> = {};
  if (!(error instanceof ApiError)) return byPath;
  for (const problem of error.details) {
    const text = language ? fieldProblemText(problem, language) : problem.message;
    byPath[problem.path] = byPath[problem.path] ? `${byPath[problem.path]} / ${text}` : text;
  }
  return byPath;
}

/** `privateEmails.1` → `privateEmails`, `answers.safety` → `safety`: patterns belong to the field, not its place in a list. */
function lastSegment(path: string): string {
  return path.split('.').filter((segment) => !/^\d+$/.test(segment)).at(-1) ?? path;
}

/** A lookup by a string the service sent: only the record's own entries (never `constructor` and the like). */
function own<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
