import { ApiError } from '../api/api-error';
import type { MessageKey } from '../i18n/messages';

/**
 * The base32 secret in groups of four, as people type it into an authenticator app by hand
 * (apps ignore the spaces). Anything already spaced is regrouped.
 */
export function groupedSecret(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** A 6-digit code as typed ("123 456" from the app's display included), or undefined when it is not one. */
export function oneTimeCodeOf(typed: string): string | undefined {
  const digits = typed.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/**
 * The otpauth:// URI as an SVG QR code in a data: URL, for an <img>: the console's CSP allows
 * data: images and no inline markup. Error correction M (15 %) keeps the code small enough
 * for a phone camera at arm's length; the quiet zone of 4 modules is what scanners expect.
 */
export async function qrCodeDataUrl(otpauthUri: string): Promise<string> {
  // Loaded when a set-up begins, not with the log-in screen that everyone loads first.
  const { default: QRCode } = await import('qrcode');
  const svg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export interface RecoveryCodesFile {
  name: string;
  text: string;
}

/**
 * The recovery codes as a text file to keep (a password manager, a printout). Whose codes they
 * are is in the file, since it may sit next to others'; CRLF so that every editor (Windows'
 * Notepad too) shows one code a line.
 */
export function recoveryCodesFile(codes: string[], header: { title: string; account: string; created: string; note: string }, tenant: string): RecoveryCodesFile {
  const lines = [header.title, header.account, header.created, header.note, '', ...codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`), ''];
  return { name: `anpi-recovery-codes-${tenant.replace(/[^a-z0-9-]/gi, '_')}.txt`, text: lines.join('\r\n') };
}

/** A message in the console's words, with its values. */
export interface Explained {
  key: MessageKey;
  values?: Record<string, string | number>;
}

/**
 * What went wrong with a log-in or a set-up step, in words that say what to do next, or
 * undefined for the errors every screen words the same way (network, server, suspended company).
 * `codeTyped` says which code came with the password, for the 401 of a wrong one.
 */
export function explainRefusal(error: unknown, codeTyped: 'none' | 'app' | 'recovery' | 'set-up' = 'none'): Explained | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 429) {
    // Retry-After is seconds; people think in minutes, rounded up so that the wait is enough.
    return error.retryAfterSeconds ? { key: 'twoStep.throttled', values: { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) } } : { key: 'error.tooMany' };
  }
  if (error.code === 'mfa_code_wrong') return { key: codeTyped === 'recovery' ? 'login.recoveryCodeWrong' : codeTyped === 'set-up' ? 'twoStep.codeWrong' : 'login.codeWrong' };
  if (error.code === 'mfa_enrollment_required') return { key: 'login.enrollmentRequired' };
  if (error.status === 401) return { key: 'login.failed' };
  if (error.status === 409) return { key: 'twoStep.alreadySetUp' };
  // auth-service's plain 403 (no code of its own) at enrolment: the role has no second factor.
  if (error.status === 403 && error.code === 'Forbidden') return { key: 'twoStep.notForRole' };
  return undefined;
}

/** 409 at the start of a set-up: a second factor is already confirmed (it is never replaced this way). */
export const isAlreadySetUp = (error: unknown) => error instanceof ApiError && error.status === 409;
