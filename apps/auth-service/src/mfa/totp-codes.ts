import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults, the ones every authenticator app understands. */
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: tolerates a phone clock 30 s off and a code typed at the turn of a step. */
const ACCEPTED_STEPS_AROUND_NOW = 1;
/** 160 bits, the HMAC-SHA1 block the RFC 4226 recommends for the shared secret. */
const SECRET_BYTES = 20;

/**
 * TOTP codes of one account. The caller keeps the last accepted step: a code of that step
 * or of an earlier one is refused, so a code seen over a shoulder cannot be used again.
 */
export class TotpCodes {
  constructor(private readonly issuer: string) {}

  newSecret(): string {
    return new Secret({ size: SECRET_BYTES }).base32;
  }

  /** What the authenticator app scans; shown once, at enrollment. */
  enrollmentUri(secret: string, accountLabel: string): string {
    return this.totpOf(secret, accountLabel).toString();
  }

  /** The step of `code` if it is valid now and newer than `lastUsedStep`, otherwise undefined. */
  acceptedStep(secret: string, code: string, lastUsedStep: number | null, now: number = Date.now()): number | undefined {
    const delta = this.totpOf(secret).validate({ token: code, timestamp: now, window: ACCEPTED_STEPS_AROUND_NOW });
    if (delta === null) return undefined;
    const step = TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
    return lastUsedStep !== null && step <= lastUsedStep ? undefined : step;
  }

  private totpOf(secret: string, label = 'Anpi'): TOTP {
    return new TOTP({ issuer: this.issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
  }
}
