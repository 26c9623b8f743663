/** The one error shape of every Anpi service (libs/service-bootstrap HttpErrorFilter). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/**
 * One field the service refused (400/409/422 `details`), e.g. `{ path: 'privateEmails.1',
 * message: 'Invalid email address', rule: 'format', format: 'email' }`: `message` is English for
 * API users; `rule` (with its bound) is what the console puts in its own words (field-problem-text).
 */
export interface FieldProblem {
  path: string;
  message: string;
  rule?: 'required' | 'too-long' | 'too-short' | 'too-many' | 'too-few' | 'too-large' | 'too-small' | 'format' | 'one-of' | 'type' | 'unknown-fields' | 'taken';
  maximum?: number;
  minimum?: number;
  format?: string;
  fields?: string[];
  /** An alert a channel cannot carry (rule `too-long` at title or message): which channel, in which recipients' language, how far over `maximum`. */
  channel?: string;
  language?: 'ja' | 'en';
  actual?: number;
  encoding?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details: FieldProblem[] = [],
    /** From `Retry-After` (a throttled log-in): how long until another attempt is let through. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The session is gone (expired, revoked, logged out elsewhere): the app sends the user to the log-in screen. */
export class SessionExpired extends ApiError {
  constructor() {
    super(401, 'session_expired', 'session expired');
  }
}

/** Turns any response body into an ApiError, whatever came back (a proxy's HTML page included). */
export function apiErrorFrom(status: number, body: unknown, retryAfter?: string | null): ApiError {
  const shaped = (typeof body === 'object' && body !== null ? body : {}) as Partial<ErrorBody>;
  const message = typeof shaped.message === 'string' && shaped.message ? shaped.message : `HTTP ${status}`;
  return new ApiError(status, typeof shaped.error === 'string' ? shaped.error : String(status), message, shaped.requestId, fieldProblemsOf(shaped.details), secondsOf(retryAfter));
}

/** `Retry-After` in seconds; the HTTP-date form is allowed by RFC 9110 but not sent by the services, so it is ignored. */
function secondsOf(retryAfter: string | null | undefined): number | undefined {
  if (!retryAfter || !/^\d+$/.test(retryAfter.trim())) return undefined;
  return Number(retryAfter.trim());
}

function fieldProblemsOf(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.filter((detail): detail is FieldProblem => typeof detail?.path === 'string' && typeof detail?.message === 'string');
}

/** The message key a screen shows for an error: plain words, never a stack trace. */
export function errorMessageKey(error: unknown): 'error.network' | 'error.forbidden' | 'error.notFound' | 'error.tooMany' | 'error.server' | 'error.sessionExpired' | undefined {
  if (error instanceof SessionExpired) return 'error.sessionExpired';
  if (!(error instanceof ApiError)) return 'error.network';
  if (error.status === 403) return 'error.forbidden';
  if (error.status === 404) return 'error.notFound';
  if (error.status === 429) return 'error.tooMany';
  if (error.status >= 500) return 'error.server';
  // 400/409/422: the service's own message says what is wrong with the input.
  return undefined;
}
