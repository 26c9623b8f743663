import { localSigningKeys } from '@anpi/auth-guard';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { OperatorTokenRejected, OperatorTokenVerifier } from './operator-token-verifier';

describe('OperatorTokenVerifier', () => {
  const issuer = 'https://auth.anpi.test';
  let key: KeyLike;
  let verifier: OperatorTokenVerifier;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    key = pair.privateKey;
    verifier = new OperatorTokenVerifier(localSigningKeys({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }), { issuer, audience: 'anpi-platform' });
  });

  const token = (claims: Record<string, unknown>, options: { audience?: string; typ?: string; expires?: string; issuedAt?: number } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: options.typ ?? 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(options.audience ?? 'anpi-platform')
      .setSubject((claims.sub as string | undefined) ?? randomUUID())
      .setIssuedAt(options.issuedAt)
      .setNotBefore('0s')
      .setExpirationTime(options.expires ?? '15m')
      .sign(key);

  it("returns the operator's id from a platform operator's token", async () => {
    const operatorId = randomUUID();
    await expect(verifier.verify(await token({ sub: operatorId, role: 'platform_operator' }))).resolves.toBe(operatorId);
  });

  it.each<[string, () => Promise<string>]>([
    ["a tenant user's token (tenant audience)", () => token({ tid: randomUUID(), role: 'owner', dep: [] }, { audience: 'anpi' })],
    ['a token for the platform audience with a tenant role', () => token({ tid: randomUUID(), role: 'owner' })],
    ['a service token', () => token({ role: 'platform_operator' }, { typ: 'svc+jwt' })],
    ['an expired token', () => token({ role: 'platform_operator' }, { expires: '-1m', issuedAt: Math.floor(Date.now() / 1000) - 600 })],
    ['a token issued too long ago', () => token({ role: 'platform_operator' }, { expires: '2h', issuedAt: Math.floor(Date.now() / 1000) - 3600 })],
  ])('refuses %s', async (_case, make) => {
    await expect(verifier.verify(await make())).rejects.toBeInstanceOf(OperatorTokenRejected);
  });

  it('refuses a malformed token', async () => {
    await expect(verifier.verify('not.a.jwt')).rejects.toBeInstanceOf(OperatorTokenRejected);
  });
});
