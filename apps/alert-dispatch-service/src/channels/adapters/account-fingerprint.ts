import { createHash } from 'node:crypto';

/**
 * A short, stable stand-in for a credential (a LINE token, a VAPID key), for rate-limit keys:
 * the same account gets the same key on every pod, and the secret itself is never stored.
 */
export function accountFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}
