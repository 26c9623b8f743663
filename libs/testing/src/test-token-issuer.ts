import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';

export type TestTokenRole = 'owner' | 'admin' | 'department_admin' | 'member';

/**
 * Stands in for auth-service in integration tests: an ES256 key pair of its own, its public
 * key served as a JWKS on a local port, and access tokens minted exactly as auth-service does.
 */
export class TokenIssuer {
  readonly issuer = 'https://auth.anpi.test';
  readonly audience = 'anpi';
  private privateKey!: KeyLike;
  private publicJwk!: JWK;
  private server: Server | undefined;

  constructor(private readonly port: number) {}

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/.well-known/jwks.json`;
  }

  /** What the service under test needs to trust this issuer. */
  get serviceEnvironment(): Record<string, string> {
    return { AUTH_JWKS_URL: this.jwksUrl, AUTH_TOKEN_ISSUER: this.issuer, AUTH_TOKEN_AUDIENCE: this.audience };
  }

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    this.privateKey = privateKey;
    this.publicJwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [this.publicJwk] }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  token(tenantId: string, role: TestTokenRole, departmentIds: string[] = [], userId = randomUUID()): Promise<string> {
    return this.accessToken({ tid: tenantId, role, dep: departmentIds }, userId);
  }

  /** The token of an account linked to a directory person (the `emp` claim): whose own safety checks it answers. */
  linkedToken(tenantId: string, role: TestTokenRole, employeeId: string, departmentIds: string[] = []): Promise<string> {
    return this.accessToken({ tid: tenantId, role, dep: departmentIds, emp: employeeId }, randomUUID());
  }

  private accessToken(claims: { tid: string; role: TestTokenRole; dep: string[]; emp?: string }, userId: string): Promise<string> {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'test-key' })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(userId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** A service token as auth-service mints it (`typ: svc+jwt`, one callee, five minutes). */
  async serviceToken(subject: string, audience: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', typ: 'svc+jwt', kid: 'test-key' })
      .setIssuer(this.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('5m')
      .sign(this.privateKey);
  }
}
