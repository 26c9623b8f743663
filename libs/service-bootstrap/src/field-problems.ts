import type { z } from 'zod';

/**
 * What a field broke, in words a client can translate: the console shows "200文字以内で入力して
 * ください" rather than the English `message`, which stays for API users and logs. Kept
 * independent of the validation library, so a client never depends on its issue codes.
 */
export type FieldRule =
  | { rule: 'required' }
  | { rule: 'too-long' | 'too-many' | 'too-large'; maximum: number }
  | { rule: 'too-short' | 'too-few' | 'too-small'; minimum: number }
  | { rule: 'format'; format: string }
  | { rule: 'one-of'; options?: string[] }
  | { rule: 'type'; expected: string }
  | { rule: 'unknown-fields'; fields: string[] }
  | { rule: 'taken' };

/** One refused field of the error shape's `details`; `rule` is absent where only the message can say it (a custom check). */
export type FieldProblem = { path: string; message: string } & (FieldRule | { rule?: undefined });

type Issue = z.core.$ZodIssue;

/** Sizes by what was measured: characters of a string, items of a list, a number's value. */
const sizeRules = {
  string: { big: 'too-long', small: 'too-short' },
  array: { big: 'too-many', small: 'too-few' },
  set: { big: 'too-many', small: 'too-few' },
  number: { big: 'too-large', small: 'too-small' },
  int: { big: 'too-large', small: 'too-small' },
  bigint: { big: 'too-large', small: 'too-small' },
  date: { big: 'too-large', small: 'too-small' },
} as const;

function ruleOf(issue: Issue): FieldRule | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? { rule: 'required' } : { rule: 'type', expected: issue.expected };
    case 'too_big': {
      const rules = sizeRules[issue.origin as keyof typeof sizeRules];
      return rules && { rule: rules.big, maximum: Number(issue.maximum) };
    }
    case 'too_small': {
      const rules = sizeRules[issue.origin as keyof typeof sizeRules];
      // A text that must have one character was left blank: that is "required" to a person.
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { rule: 'required' };
      return rules && { rule: rules.small, minimum: Number(issue.minimum) };
    }
    case 'invalid_format':
      return { rule: 'format', format: issue.format === 'regex' ? 'pattern' : issue.format };
    case 'invalid_value':
      return { rule: 'one-of', options: issue.values.map(String) };
    case 'unrecognized_keys':
      return { rule: 'unknown-fields', fields: issue.keys };
    default:
      return undefined;
  }
}

/** The `details` of a 400 from a failed parse; `whole` names a problem with the value as a whole. */
export function fieldProblemsOf(issues: readonly Issue[], whole: string): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path.join('.') || whole, message: issue.message, ...ruleOf(issue) }));
}
