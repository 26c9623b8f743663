import { ApiError } from '../api/api-error';
import type { MessageKey } from '../i18n/messages';

/** How the tenant service says a record can no longer be changed (409): its personal data was purged after off-boarding. */
const purgedRecord = "this employee's personal data was purged";

/**
 * A refusal whose top line the service words in English for API users, in the console's words
 * instead: a failed validation (400 with the fields named: each is explained at its field), a
 * value already in use (409 "taken"), a person whose data was purged. Undefined for the rest,
 * which keep the general "check your input" with the service's message.
 */
export function refusalMessageKey(error: unknown): MessageKey | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 400 && error.details.length > 0) return 'error.refused';
  if (error.status === 409 && error.details.some((problem) => problem.rule === 'taken')) return 'error.taken';
  if (error.status === 409 && error.message.startsWith(purgedRecord)) return 'error.employeePurged';
  return undefined;
}
