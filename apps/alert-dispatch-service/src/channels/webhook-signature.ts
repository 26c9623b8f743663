import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_SIGNATURE_HEADER = 'x-anpi-signature';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-anpi-timestamp';

/**
 * `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. Signing the timestamp with the body lets
 * a receiver refuse replays of an old, validly signed request.
 */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

export interface WebhookSignatureCheck {
  secret: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  /** How old a request may be; also how far in the future (clock skew). */
  toleranceSeconds?: number;
  nowSeconds?: number;
}

/** For receivers of Anpi webhooks (and our tests): constant-time, with a replay window. */
export function verifyWebhookSignature(check: WebhookSignatureCheck): boolean {
  const { secret, body, signature, timestamp, toleranceSeconds = 300, nowSeconds = Math.floor(Date.now() / 1000) } = check;
  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhookBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
