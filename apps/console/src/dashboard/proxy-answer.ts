import { ApiError } from '../api/api-error';

/** Who may record an answer on someone's behalf (a department admin only for their departments: the service checks). */
const recorderRoles: readonly string[] = ['owner', 'admin', 'department_admin'];

export function canRecordAnswers(role: string | undefined): boolean {
  return role !== undefined && recorderRoles.includes(role);
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
