import { ApiError } from '../api/api-error';
import type { MySafetyCheck, MySafetyChecks, OwnAnswer } from '../api/responses-api';

/** How often the list is read again while the console is open: a new alert may arrive while the person works. */
export const RELOAD_INTERVAL_MS = 60_000;

/**
 * Refusals of one's own answer in the form's own words: the safety check has closed (410), did
 * not ask this person (404, e.g. the directory changed), or the account is not linked any more
 * (403). Anything else is described as every other API error; a 400 shows at its question.
 */
export function ownAnswerRefusalKey(error: unknown): 'ownSafetyCheck.closed' | 'ownSafetyCheck.notAsked' | 'ownSafetyCheck.notLinked' | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 410) return 'ownSafetyCheck.closed';
  if (error.status === 404) return 'ownSafetyCheck.notAsked';
  if (error.status === 403) return 'ownSafetyCheck.notLinked';
  return undefined;
}

/** The list with the answer just saved in place, so the region shows it before the next read. */
export function withOwnAnswer(list: MySafetyChecks, alertId: string, answer: OwnAnswer): MySafetyChecks {
  const { answers, revision, firstAnsweredAt, answeredAt } = answer;
  return {
    ...list,
    safetyChecks: list.safetyChecks.map((check): MySafetyCheck => (check.alertId === alertId ? { ...check, answer: { answers, revision, firstAnsweredAt, answeredAt } } : check)),
  };
}

/** What the Settings screen says about the account's link: nothing until the list has been read. */
export function linkStatusKey(list: MySafetyChecks | undefined): 'settings.directoryPersonLinked' | 'settings.directoryPersonNotLinked' | undefined {
  if (!list) return undefined;
  return list.linked ? 'settings.directoryPersonLinked' : 'settings.directoryPersonNotLinked';
}
