import { AccessRevocations, AccessTokenVerifier, localSigningKeys } from '@anpi/auth-guard';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { SigningKeyRing } from './signing-key-ring';

async function privateJwk(kid: string) {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid } as { kid: string; kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
}

async function tokenFrom(ring: SigningKeyRing): Promise<string> {
  return new SignJWT({ tid: randomUUID(), role: 'admin', dep: [] })
    .setProtectedHeader({ alg: ring.active.alg, kid: ring.active.kid, typ: 'at+jwt' })
    .setIssuer('https://auth.anpi.test')
    .setAudience('anpi')
    .setSubject(randomUUID())
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime('10m')
    .sign(ring.active.privateKey);
}

const verifierFor = (ring: SigningKeyRing) =>
  new AccessTokenVerifier(localSigningKeys(ring.publicKeySet), { issuer: 'https://auth.anpi.test', audience: 'anpi' }, new AccessRevocations());

describe('SigningKeyRing: kid rotation without downtime', () => {
  it('keeps old tokens valid while the new key signs, and only then retires the old key', async () => {
    const [oldKey, newKey] = await Promise.all([privateJwk('key-2026-10'), privateJwk('key-2026-11')]);
    const before = await SigningKeyRing.load({ keys: [oldKey] }, 'key-2026-10');
    const issuedBefore = await tokenFrom(before);

    // Step 1: publish the new key, keep signing with the old one.
    const published = await SigningKeyRing.load({ keys: [oldKey, newKey] }, 'key-2026-10');
    expect(published.publicKeySet.keys.map((key) => key.kid)).toEqual(['key-2026-10', 'key-2026-11']);
    // Step 2: switch the active key: both generations verify.
    const switched = await SigningKeyRing.load({ keys: [oldKey, newKey] }, 'key-2026-11');
    const issuedAfter = await tokenFrom(switched);
    await expect(verifierFor(switched).verify(issuedBefore)).resolves.toMatchObject({ role: 'admin' });
    await expect(verifierFor(switched).verify(issuedAfter)).resolves.toMatchObject({ role: 'admin' });
    // Step 3: after the longest token lifetime, drop the old key: its tokens stop verifying.
    const retired = await SigningKeyRing.load({ keys: [newKey] }, 'key-2026-11');
    await expect(verifierFor(retired).verify(issuedBefore)).rejects.toThrow(/access token rejected/);
    await expect(verifierFor(retired).verify(issuedAfter)).resolves.toMatchObject({ role: 'admin' });
  });

  it('never publishes a private part', async () => {
    const ring = await SigningKeyRing.load({ keys: [await privateJwk('k1')] }, 'k1');
    expect(ring.publicKeySet.keys.every((key) => !('d' in key))).toBe(true);
  });

  it('refuses an active key id that is not a private key of the set', async () => {
    const publicOnly: Record<string, unknown> = { ...(await privateJwk('k1')) };
    delete publicOnly.d;
    await expect(SigningKeyRing.load({ keys: [publicOnly as never] }, 'k1')).rejects.toThrow(/AUTH_ACTIVE_SIGNING_KEY_ID/);
  });
});
