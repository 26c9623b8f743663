import { remoteSigningKeys, ServiceTokenRejected, ServiceTokenVerifier } from '@anpi/auth-guard';
import { readLocalStackSettings, ServiceProcess } from '@anpi/testing';
import { call, signingKeySettings } from './auth-test-kit';

const authPort = 3353;
const issuer = `http://127.0.0.1:${authPort}`;

describe('auth-service: short-lived service tokens for service-to-service calls', () => {
  const internalToken = readLocalStackSettings().INTERNAL_API_TOKEN;
  let auth: ServiceProcess;
  const requestToken = (body: unknown, token: string = internalToken) => call(auth.baseUrl, 'POST', '/internal/v1/service-tokens', { body, token });
  const verifierFor = (serviceName: 'tenant-service' | 'response-collection-service') =>
    new ServiceTokenVerifier(remoteSigningKeys(`${auth.baseUrl}/.well-known/jwks.json`), { issuer, serviceName });

  beforeAll(async () => {
    auth = await new ServiceProcess('auth-service', authPort, { ...(await signingKeySettings()), AUTH_TOKEN_ISSUER: issuer }).start();
  });

  afterAll(async () => {
    await auth?.stop();
  });

  it('issues nothing without the internal credential', async () => {
    expect((await requestToken({ service: 'alert-dispatch-service', audience: 'tenant-service' }, 'not-the-internal-token-0123456789abcdef')).status).toBe(401);
  });

  it('refuses names that are not Anpi services', async () => {
    expect((await requestToken({ service: 'someone', audience: 'tenant-service' })).status).toBe(400);
    expect((await requestToken({ service: 'alert-dispatch-service', audience: 'tenant-service', scope: 'all' })).status).toBe(400);
  });

  it('issues a svc+jwt of at most five minutes that the callee verifies from the cached JWKS', async () => {
    const issued = await requestToken({ service: 'alert-dispatch-service', audience: 'tenant-service' });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 300 });
    const token = issued.body.accessToken as string;
    const [header, claims] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toMatchObject({ alg: 'ES256', typ: 'svc+jwt' });
    expect(claims).toMatchObject({ sub: 'alert-dispatch-service', aud: 'tenant-service', iss: issuer });
    expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    await expect(verifierFor('tenant-service').verify(token)).resolves.toBe('alert-dispatch-service');
    await expect(verifierFor('response-collection-service').verify(token)).rejects.toThrow(ServiceTokenRejected);
  });

  it("is never accepted where a person's access token is required", async () => {
    const token = (await requestToken({ service: 'tenant-service', audience: 'auth-service' })).body.accessToken as string;
    expect((await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token })).status).toBe(401);
  });
});
