import { readLocalStackSettings, ServiceProcess, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { announceTenant, call, HttpAnswer, AuthMailbox, queryAuthDatabase, randomAddress, signingKeySettings, uniqueSlug } from './auth-test-kit';

const smtpPort = 3309;
const goodPassword = 'kitsune ramen at dawn 7';
const withoutRequestId = ({ status, body }: HttpAnswer) => ({ status, body: { ...body, requestId: undefined } });

describe('auth-service: activation, login, tokens, abuse resistance, off-boarding', () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  let settings: Record<string, string>;
  const tenantA = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@a.example`, id: '' };
  const tenantB = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@b.example`, id: '' };
  let ownerAccess = '';

  const logIn = (tenant: string, email: string, password: string, from?: string) => call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant, email, password }, from });

  async function activate(email: string, password = goodPassword): Promise<void> {
    const token = await mails.tokenMailedTo(email, /activate/);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password } })).status).toBe(204);
  }

  async function inviteAndActivate(role: 'admin' | 'member'): Promise<{ email: string; id: string }> {
    const email = `${role}-${randomUUID().slice(0, 8)}@a.example`;
    const invited = await call(auth.baseUrl, 'POST', '/v1/invitations', { token: ownerAccess, body: { email, displayName: '佐藤 花子', role } });
    expect(invited.status).toBe(201);
    await activate(email);
    return { email, id: invited.body.id as string };
  }

  beforeAll(async () => {
    await mails.start();
    settings = {
      ...(await signingKeySettings()),
      AUTH_TOKEN_ISSUER: 'http://127.0.0.1:3301',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      LOGIN_LOCK_BASE_SECONDS: '1',
      ACCOUNT_DELETION_GRACE_DAYS: '0',
      ACCOUNT_DELETION_INTERVAL_SECONDS: '1',
    };
    auth = await new ServiceProcess('auth-service', 3301, settings).start();
    tenantA.id = await announceTenant(tenantA.slug, tenantA.owner);
    tenantB.id = await announceTenant(tenantB.slug, tenantB.owner);
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  it('activates the owner from the mailed single-use link, refusing weak passwords first', async () => {
    const token = await mails.tokenMailedTo(tenantA.owner, /activate/);
    const weak = await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password: 'password1234' } });
    expect(weak.status).toBe(422);
    expect(weak.body.details).toEqual([{ path: 'password', message: 'is one of the most common passwords' }]);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password: goodPassword } })).status).toBe(204);
    expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password: goodPassword } })).status).toBe(400);
    await activate(tenantB.owner);
  });

  it('logs in with an argon2id hash and issues an ES256 access token the guard accepts', async () => {
    const session = await logIn(tenantA.slug, tenantA.owner.toUpperCase(), goodPassword);
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    ownerAccess = session.body.accessToken as string;
    const header = JSON.parse(Buffer.from(ownerAccess.split('.')[0], 'base64url').toString());
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: settings.AUTH_ACTIVE_SIGNING_KEY_ID });
    const current = await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: ownerAccess });
    expect(current.body).toEqual({ tenantId: tenantA.id, userId: expect.any(String), role: 'owner', departmentIds: [] });
    const [stored] = await queryAuthDatabase<{ password_hash: string }>('SELECT password_hash FROM accounts WHERE id = $1', [current.body.userId]);
    expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('publishes the public signing keys, never a private part', async () => {
    const jwks = await call(auth.baseUrl, 'GET', '/.well-known/jwks.json');
    expect(jwks.body.keys).toEqual([expect.objectContaining({ kid: settings.AUTH_ACTIVE_SIGNING_KEY_ID, alg: 'ES256', kty: 'EC', use: 'sig' })]);
    expect(JSON.stringify(jwks.body)).not.toContain('"d"');
  });

  it('answers unknown company, unknown e-mail and wrong password identically, in similar time', async () => {
    // Its own account: the failures below would otherwise lock the owner for the next tests.
    const member = await inviteAndActivate('member');
    const attempts = [
      () => logIn(tenantA.slug, `nobody-${randomUUID()}@a.example`, goodPassword),
      () => logIn(tenantA.slug, member.email, 'wrong password entirely'),
      () => logIn(uniqueSlug(), member.email, goodPassword),
    ];
    const answers = await Promise.all(attempts.map((attempt) => attempt()));
    expect(answers.map(withoutRequestId)).toEqual(Array(3).fill({ status: 401, body: { statusCode: 401, error: 'Unauthorized', message: 'wrong company, e-mail or password' } }));
    const medianMs = async (attempt: () => Promise<unknown>) => {
      const durations: number[] = [];
      for (let round = 0; round < 5; round++) {
        const started = performance.now();
        await attempt();
        durations.push(performance.now() - started);
      }
      return durations.sort((a, b) => a - b)[2];
    };
    const [unknownEmail, wrongPassword] = [await medianMs(attempts[0]), await medianMs(attempts[1])];
    // Both pay one argon2 verification; without the dummy hash the first would be ~10× faster.
    expect(unknownEmail / wrongPassword).toBeGreaterThan(0.5);
    expect(unknownEmail / wrongPassword).toBeLessThan(2);
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const first = (await logIn(tenantA.slug, tenantA.owner, goodPassword)).body;
    const second = await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const replay = await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: first.refreshToken } });
    expect(replay.status).toBe(401);
    const afterReuse = await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: second.body.refreshToken } });
    expect(afterReuse.status).toBe(401);
    const audit = await queryAuthDatabase('SELECT 1 FROM auth_audit_log WHERE tenant_id = $1 AND action = $2', [tenantA.id, 'refresh_token_reused']);
    expect(audit).toHaveLength(1);
  });

  it('ends the session family on logout', async () => {
    const session = (await logIn(tenantA.slug, tenantA.owner, goodPassword)).body;
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/logout', { body: { refreshToken: session.refreshToken } })).status).toBe(204);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
  });

  it("does not let tenant A's token reach tenant B's accounts", async () => {
    const ownerB = (await logIn(tenantB.slug, tenantB.owner, goodPassword)).body;
    const ownerBId = (await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: ownerB.accessToken as string })).body.userId as string;
    expect((await call(auth.baseUrl, 'GET', `/v1/accounts/${ownerBId}`, { token: ownerB.accessToken as string })).status).toBe(200);
    expect((await call(auth.baseUrl, 'GET', `/v1/accounts/${ownerBId}`, { token: ownerAccess })).status).toBe(404);
    expect((await call(auth.baseUrl, 'POST', `/v1/accounts/${ownerBId}/disable`, { token: ownerAccess })).status).toBe(404);
  });

  it('refuses members on admin routes', async () => {
    const member = await inviteAndActivate('member');
    const memberAccess = (await logIn(tenantA.slug, member.email, goodPassword)).body.accessToken as string;
    const answer = await call(auth.baseUrl, 'POST', '/v1/invitations', { token: memberAccess, body: { email: 'x@a.example', displayName: 'X', role: 'member' } });
    expect(answer.status).toBe(403);
  });

  it('throttles brute force per account, then locks with a growing back-off', async () => {
    const member = await inviteAndActivate('member');
    const attacker = randomAddress();
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect((await logIn(tenantA.slug, member.email, `guess number ${attempt}`, attacker)).status).toBe(401);
    }
    const locked = await logIn(tenantA.slug, member.email, goodPassword, randomAddress());
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await logIn(tenantA.slug, member.email, 'guess number 6', attacker)).status).toBe(401);
    const lockedLonger = await logIn(tenantA.slug, member.email, goodPassword);
    expect(lockedLonger.status).toBe(429);
    expect(Number(lockedLonger.headers.get('retry-after'))).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await logIn(tenantA.slug, member.email, goodPassword)).status).toBe(200);
  });

  it('locks an address that tries too many accounts (per-IP throttling)', async () => {
    const sprayer = randomAddress();
    const answers: number[] = [];
    for (let attempt = 0; attempt < 52; attempt++) {
      answers.push((await logIn(tenantA.slug, `victim-${attempt}@a.example`, 'some guess 123', sprayer)).status);
    }
    expect(answers.slice(0, 50).every((status) => status === 401)).toBe(true);
    expect(answers.slice(50)).toEqual([429, 429]);
    expect((await logIn(tenantA.slug, tenantA.owner, goodPassword, sprayer)).status).toBe(429);
  });

  it('resets a password with a single-use mailed token, and ends older sessions', async () => {
    const member = await inviteAndActivate('member');
    const before = (await logIn(tenantA.slug, member.email, goodPassword)).body;
    const mailsBefore = mails.mails.length;
    const request = await call(auth.baseUrl, 'POST', '/v1/password-resets', { body: { tenant: tenantA.slug, email: member.email } });
    const unknown = await call(auth.baseUrl, 'POST', '/v1/password-resets', { body: { tenant: tenantA.slug, email: `nobody-${randomUUID()}@a.example` } });
    expect(withoutRequestId(request)).toEqual(withoutRequestId(unknown));
    expect(request.status).toBe(202);
    const token = await mails.tokenMailedTo(member.email, /reset-password/, mailsBefore);
    const newPassword = 'a brand new passphrase 42';
    expect((await call(auth.baseUrl, 'POST', '/v1/password-resets/complete', { body: { token, password: newPassword } })).status).toBe(204);
    expect((await call(auth.baseUrl, 'POST', '/v1/password-resets/complete', { body: { token, password: 'yet another passphrase 9' } })).status).toBe(400);
    expect((await logIn(tenantA.slug, member.email, goodPassword)).status).toBe(401);
    expect((await logIn(tenantA.slug, member.email, newPassword)).status).toBe(200);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: before.refreshToken } })).status).toBe(401);
    expect((await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: before.accessToken as string })).status).toBe(401);
  });

  it("off-boards: a disabled user's unexpired access token fails at once, here and in a replica started later; deletion follows, audited", async () => {
    const member = await inviteAndActivate('member');
    const session = (await logIn(tenantA.slug, member.email, goodPassword)).body;
    expect((await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: session.accessToken as string })).status).toBe(200);
    const disabled = await call(auth.baseUrl, 'POST', `/v1/accounts/${member.id}/disable`, { token: ownerAccess });
    expect(disabled.status).toBe(200);
    expect((await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token: session.accessToken as string })).status).toBe(401);
    expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    expect((await logIn(tenantA.slug, member.email, goodPassword)).status).toBe(401);

    // A second process that never saw the request learns it from auth.access-revoked.
    const replica = await new ServiceProcess('auth-service', 3303, { ...settings, ACCOUNT_DELETION_INTERVAL_SECONDS: '3600' }).start();
    try {
      expect((await call(replica.baseUrl, 'GET', '/v1/sessions/current', { token: ownerAccess })).status).toBe(200);
      await waitFor(async () => (await call(replica.baseUrl, 'GET', '/v1/sessions/current', { token: session.accessToken as string })).status === 401, {
        timeoutMs: 30_000,
        what: 'the replica to refuse the revoked token',
      });
    } finally {
      await replica.stop();
    }

    await waitFor(async () => (await queryAuthDatabase('SELECT 1 FROM accounts WHERE id = $1', [member.id])).length === 0, { what: 'deletion after the grace period' });
    const audit = await queryAuthDatabase<{ action: string; actor_account_id: string | null }>(
      'SELECT action, actor_account_id FROM auth_audit_log WHERE account_id = $1 ORDER BY id',
      [member.id],
    );
    expect(audit.map((entry) => entry.action)).toEqual(['account_invited', 'account_activated', 'account_disabled', 'account_deleted']);
    await expect(queryAuthDatabase('UPDATE auth_audit_log SET action = $1 WHERE account_id = $2', ['tampered', member.id])).rejects.toThrow(/append-only/);
  });

  it('still lists accounts for the internal token only', async () => {
    const internal = await fetch(`${auth.baseUrl}/internal/v1/tenants/${tenantA.id}/accounts`, { headers: { authorization: `Bearer ${readLocalStackSettings().INTERNAL_API_TOKEN}` } });
    expect(internal.status).toBe(200);
    expect(await internal.json()).toContainEqual(expect.objectContaining({ role: 'owner', status: 'active' }));
    expect((await call(auth.baseUrl, 'GET', `/internal/v1/tenants/${tenantA.id}/accounts`, { token: ownerAccess })).status).toBe(401);
  });
});
