import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { base64url, exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { AnpiServiceName, SERVICE_TOKEN_MAX_AGE_SECONDS, ServiceTokenVerifier } from './service-token';
import { ServiceTokenGuard } from './service-token.guard';
import { localSigningKeys } from './access-token-verifier';

const issuer = 'https://auth.anpi.test';

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

interface TokenOptions {
  subject?: string;
  audience?: string;
  typ?: string;
  issuedAt?: number;
  expiresIn?: string | number;
}

function serviceToken(key: SigningKey, options: TokenOptions = {}) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: options.typ ?? 'svc+jwt' })
    .setIssuer(issuer)
    .setAudience(options.audience ?? 'tenant-service')
    .setSubject(options.subject ?? 'alert-dispatch-service')
    .setIssuedAt(options.issuedAt)
    .setNotBefore(options.issuedAt ?? '0s')
    .setExpirationTime(options.expiresIn ?? '5m')
    .sign(key.privateKey);
}

function contextWith(authorization?: string) {
  const request: { headers: Record<string, string>; callingService?: AnpiServiceName } = { headers: authorization === undefined ? {} : { authorization } };
  const context = { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
  return { context, request };
}

describe('ServiceTokenGuard', () => {
  let key: SigningKey;
  let stranger: SigningKey;
  let guard: ServiceTokenGuard;

  beforeAll(async () => {
    [key, stranger] = await Promise.all([signingKey('key-1'), signingKey('key-1')]);
    guard = new ServiceTokenGuard(new ServiceTokenVerifier(localSigningKeys({ keys: [key.publicJwk] }), { issuer, serviceName: 'tenant-service' }));
  });

  const refuse = (authorization?: string) => expect(guard.canActivate(contextWith(authorization).context)).rejects.toThrow(UnauthorizedException);

  it('puts the verified calling service on the request', async () => {
    const { context, request } = contextWith(`Bearer ${await serviceToken(key)}`);
    await expect(guard.canActivate(context)).resolves.toBe(true);
    expect(request.callingService).toBe('alert-dispatch-service');
  });

  it.each([
    ['no header', undefined],
    ['an empty bearer', 'Bearer '],
    ['garbage', 'Bearer not-a-jwt'],
  ])('refuses %s', async (_case, header) => {
    await refuse(header);
  });

  it.each<[string, TokenOptions]>([
    ['a token for another service', { audience: 'response-collection-service' }],
    ["a person's access token", { typ: 'at+jwt' }],
    ['an unknown calling service', { subject: 'evil-service' }],
    ['an expired token', { issuedAt: Math.floor(Date.now() / 1000) - 600, expiresIn: Math.floor(Date.now() / 1000) - 300 }],
    ['a token living longer than five minutes', { issuedAt: Math.floor(Date.now() / 1000) - SERVICE_TOKEN_MAX_AGE_SECONDS - 60, expiresIn: '1h' }],
  ])('refuses %s', async (_case, options) => {
    await refuse(`Bearer ${await serviceToken(key, options)}`);
  });

  it('refuses a token signed by another key under a known kid', async () => {
    await refuse(`Bearer ${await serviceToken(stranger)}`);
  });

  it('refuses alg "none"', async () => {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
    await refuse(`Bearer ${encode({ alg: 'none', typ: 'svc+jwt', kid: key.kid })}.${encode({ sub: 'auth-service', iss: issuer, aud: 'tenant-service', iat: now, nbf: now, exp: now + 60 })}.`);
  });
});
