import { createPublicKey, verify } from 'node:crypto';
import webPush from 'web-push';
import { VapidAuthorizations } from './vapid-authorizations';

const keys = { subject: 'mailto:crisis@acme.example', ...webPush.generateVAPIDKeys() };

/** The claims of a VAPID header, after checking its ES256 signature against the public key, as a push service does. */
function verifiedClaims(authorization: string): Record<string, unknown> {
  const [, token, publicKey] = /^vapid t=([^,]+), k=(.+)$/.exec(authorization)!;
  expect(publicKey).toBe(keys.publicKey);
  const [header, payload, signature] = token.split('.');
  const point = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') }, format: 'jwk' });
  expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
}

describe('VAPID authorizations', () => {
  let now = Date.parse('2026-11-27T12:00:00Z');
  const authorizations = new VapidAuthorizations(keys, () => now);
  const fcm = 'https://fcm.googleapis.com/fcm/send/subscription-1';

  it('signs one token per push service, for its origin, valid for an hour', () => {
    const claims = verifiedClaims(authorizations.forEndpoint(fcm));
    expect(claims).toEqual({ aud: 'https://fcm.googleapis.com', exp: now / 1000 + 3_600, sub: keys.subject });
    const apple = verifiedClaims(authorizations.forEndpoint('https://web.push.apple.com:443/QGx1'));
    expect(apple.aud).toBe('https://web.push.apple.com');
  });

  it('reuses a token for every push to that service, and replaces it ten minutes before it expires', () => {
    const signing = jest.spyOn(webPush, 'getVapidHeaders');
    const first = authorizations.forEndpoint(fcm);
    expect(authorizations.forEndpoint('https://fcm.googleapis.com/fcm/send/subscription-2')).toBe(first);
    now += 49 * 60_000;
    expect(authorizations.forEndpoint(fcm)).toBe(first);
    expect(signing).not.toHaveBeenCalled();
    now += 60_000;
    const renewed = authorizations.forEndpoint(fcm);
    expect(renewed).not.toBe(first);
    expect(verifiedClaims(renewed).exp).toBe(now / 1000 + 3_600);
    expect(signing).toHaveBeenCalledTimes(1);
    signing.mockRestore();
  });
});
