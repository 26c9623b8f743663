import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/;

/** What a relay sends in `X-Anpi-Signature`: HMAC-SHA256 of the exact body bytes, hex. */
export function signPushBody(key: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}

/** Constant-time check, so response timing reveals nothing about the expected signature. */
export function isValidPushSignature(key: string, body: Buffer, header: string | undefined): boolean {
  const given = header === undefined ? null : SIGNATURE_FORMAT.exec(header.trim().toLowerCase());
  if (!given) return false;
  const expected = createHmac('sha256', key).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given[1], 'hex'));
}
