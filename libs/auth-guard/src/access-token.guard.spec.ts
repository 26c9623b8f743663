import { ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { base64url, exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { createHmac, randomUUID } from 'node:crypto';
import { AccessRevocations } from './access-revocations';
import { AccessTokenGuard, Roles } from './access-token.guard';
import { AccessTokenVerifier, localSigningKeys } from './access-token-verifier';
import { Principal } from './principal';

const issuer = 'https://auth.anpi.test';
const audience = 'anpi';
const tenantId = randomUUID();
const userId = randomUUID();
const departmentId = randomUUID();

class ProtectedRoutes {
  anyone(): void {}
  @Roles('owner', 'admin')
  adminsOnly(): void {}
}

interface SigningKey {
  kid: string;
  alg: 'ES256' | 'EdDSA';
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function signingKey(kid: string, alg: 'ES256' | 'EdDSA'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const claims = (overrides: Record<string, unknown> = {}) => ({ tid: tenantId, role: 'department_admin', dep: [departmentId], ...overrides });

function accessToken(key: SigningKey, options: { claims?: Record<string, unknown>; expiresIn?: string | number; notBefore?: string | number; issuedAt?: number; typ?: string; issuer?: string; audience?: string } = {}) {
  const jwt = new SignJWT(options.claims ?? claims())
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: options.typ ?? 'at+jwt' })
    .setIssuer(options.issuer ?? issuer)
    .setAudience(options.audience ?? audience)
    .setSubject(userId)
    .setIssuedAt(options.issuedAt)
    .setNotBefore(options.notBefore ?? '0s')
    .setExpirationTime(options.expiresIn ?? '15m')
    .setJti(randomUUID());
  return jwt.sign(key.privateKey);
}

function contextFor(handler: keyof ProtectedRoutes, authorization?: string) {
  const request: { headers: Record<string, string>; principal?: Principal } = { headers: authorization === undefined ? {} : { authorization } };
  const context = {
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => ProtectedRoutes.prototype[handler],
    getClass: () => ProtectedRoutes,
  } as unknown as ExecutionContext;
  return { context, request };
}

function encodeSegment(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

describe('AccessTokenGuard', () => {
  let es256: SigningKey;
  let ed25519: SigningKey;
  let stranger: SigningKey;
  let revocations: AccessRevocations;
  let guard: AccessTokenGuard;

  beforeAll(async () => {
    [es256, ed25519, stranger] = await Promise.all([signingKey('key-2026-11', 'ES256'), signingKey('key-ed', 'EdDSA'), signingKey('key-2026-11', 'ES256')]);
  });

  beforeEach(() => {
    revocations = new AccessRevocations();
    const keys = localSigningKeys({ keys: [es256.publicJwk, ed25519.publicJwk] });
    guard = new AccessTokenGuard(new AccessTokenVerifier(keys, { issuer, audience }, revocations), new Reflector());
  });

  const refuse = async (authorization: string | undefined, error: new (...args: never[]) => Error = UnauthorizedException) => {
    await expect(guard.canActivate(contextFor('anyone', authorization).context)).rejects.toThrow(error);
  };

  it('puts the principal of a valid ES256 token on the request', async () => {
    const { context, request } = contextFor('anyone', `Bearer ${await accessToken(es256)}`);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.principal).toEqual({ tenantId, userId, role: 'department_admin', departmentIds: [departmentId] });
  });

  it('refuses EdDSA tokens: auth-service issues ES256 only, and nothing else is accepted', async () => {
    const { context } = contextFor('anyone', `Bearer ${await accessToken(ed25519, { claims: claims({ role: 'owner', dep: [] }) })}`);
    await expect(guard.canActivate(context)).rejects.toBeInstanceOf(UnauthorizedException);
  });

  it('gives department scope to department admins only', async () => {
    const { context, request } = contextFor('anyone', `Bearer ${await accessToken(es256, { claims: claims({ role: 'member' }) })}`);
    await guard.canActivate(context);
    expect(request.principal?.departmentIds).toEqual([]);
  });

  it('puts the linked directory person (`emp`) on the principal as employeeId, and none when the claim is absent', async () => {
    const employeeId = randomUUID();
    const linked = contextFor('anyone', `Bearer ${await accessToken(es256, { claims: claims({ role: 'admin', dep: [], emp: employeeId }) })}`);
    await expect(guard.canActivate(linked.context)).resolves.toBe(true);
    expect(linked.request.principal).toEqual({ tenantId, userId, role: 'admin', departmentIds: [], employeeId });

    const unlinked = contextFor('anyone', `Bearer ${await accessToken(es256)}`);
    await guard.canActivate(unlinked.context);
    expect(unlinked.request.principal).not.toHaveProperty('employeeId');
  });

  it.each([
    ['not a uuid', 'E-0001'],
    ['empty', ''],
    ['null', null],
    ['a list', [randomUUID()]],
  ])('refuses a token whose `emp` is %s', async (_case, emp) => {
    await refuse(`Bearer ${await accessToken(es256, { claims: claims({ emp }) })}`);
  });

  it.each([
    ['no Authorization header', undefined],
    ['an empty bearer', 'Bearer '],
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['garbage', 'Bearer not-a-jwt'],
  ])('refuses %s', async (_case, header) => {
    await refuse(header);
  });

  it('refuses alg "none"', async () => {
    const unsigned = `${encodeSegment({ alg: 'none', typ: 'at+jwt', kid: es256.kid })}.${encodeSegment({ ...claims(), sub: userId, iss: issuer, aud: audience, iat: Math.floor(Date.now() / 1000), nbf: 0, exp: Math.floor(Date.now() / 1000) + 600 })}.`;
    await refuse(`Bearer ${unsigned}`);
  });

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signingInput = `${encodeSegment({ alg: 'HS256', typ: 'at+jwt', kid: es256.kid })}.${encodeSegment({ ...claims(), sub: userId, iss: issuer, aud: audience, iat: now, nbf: now, exp: now + 600 })}`;
    for (const secret of [JSON.stringify(es256.publicJwk), es256.publicJwk.x!]) {
      const signature = createHmac('sha256', secret).update(signingInput).digest('base64url');
      await refuse(`Bearer ${signingInput}.${signature}`);
    }
  });

  it('refuses a token whose kid is unknown', async () => {
    await refuse(`Bearer ${await accessToken({ ...es256, kid: 'forged-kid' })}`);
  });

  it('refuses a token signed by another key under a known kid', async () => {
    await refuse(`Bearer ${await accessToken(stranger)}`);
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await refuse(`Bearer ${await accessToken(es256, { issuedAt: now - 1_000, notBefore: now - 1_000, expiresIn: now - 60 })}`);
  });

  it('refuses a token that is not yet valid', async () => {
    await refuse(`Bearer ${await accessToken(es256, { notBefore: '5m' })}`);
  });

  it('refuses a tampered payload', async () => {
    const [header, , signature] = (await accessToken(es256)).split('.');
    const elevated = encodeSegment({ ...claims({ role: 'owner' }), sub: userId, iss: issuer, aud: audience, iat: Math.floor(Date.now() / 1000), nbf: 0, exp: Math.floor(Date.now() / 1000) + 600 });
    await refuse(`Bearer ${header}.${elevated}.${signature}`);
  });

  it.each([
    ['another issuer', { issuer: 'https://evil.example' }],
    ['another audience', { audience: 'someone-else' }],
    ['another token type', { typ: 'JWT' }],
    ['an unknown role', { claims: claims({ role: 'superuser' }) }],
    ['a tenant id that is not a UUID', { claims: claims({ tid: 'tenant-b' }) }],
    ['no tenant', { claims: { role: 'owner', dep: [] } }],
  ])('refuses a token with %s', async (_case, options) => {
    await refuse(`Bearer ${await accessToken(es256, options)}`);
  });

  it("refuses a revoked account's unexpired token, and accepts one issued after the revocation", async () => {
    const now = Math.floor(Date.now() / 1000);
    const before = await accessToken(es256, { issuedAt: now - 60 });
    revocations.revoke(userId, new Date((now - 30) * 1000));
    await refuse(`Bearer ${before}`);
    await expect(guard.canActivate(contextFor('anyone', `Bearer ${await accessToken(es256, { issuedAt: now })}`).context)).resolves.toBe(true);
  });

  it('enforces @Roles with 403 after authentication', async () => {
    const memberToken = await accessToken(es256, { claims: claims({ role: 'member', dep: [] }) });
    await expect(guard.canActivate(contextFor('adminsOnly', `Bearer ${memberToken}`).context)).rejects.toThrow(ForbiddenException);
    const adminToken = await accessToken(es256, { claims: claims({ role: 'admin', dep: [] }) });
    await expect(guard.canActivate(contextFor('adminsOnly', `Bearer ${adminToken}`).context)).resolves.toBe(true);
  });

  it('cannot be constructed without a verifier', () => {
    expect(() => new AccessTokenGuard(null, new Reflector())).toThrow(/AuthGuardModule.forRoot/);
  });
});
