import { ensureAnpiTopics, localServiceEnvironment, ServiceProcess, waitFor } from '@anpi/testing';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { announceTenant, AuthMailbox, call, publishEvent, queryAuthDatabase, randomAddress, signingKeySettings, uniqueSlug } from './auth-test-kit';

const authPort = 3361;
const smtpPort = 3362;
const bootstrapScript = resolve(__dirname, '../dist/bootstrap-operator.js');

const decodePart = (token: string, part: 0 | 1) => JSON.parse(Buffer.from(token.split('.')[part], 'base64url').toString());

/**
 * Platform operators on a real auth-service process: created by the bootstrap command from
 * the environment, signed in with password and TOTP every time, tokens only for the platform
 * audience; and what operators decide about tenants (suspension, notices) as auth sees it.
 */
describe('auth-service: platform operators', () => {
  const mails = new AuthMailbox(smtpPort);
  let auth: ServiceProcess;
  let settings: Record<string, string>;
  const operator = { email: `ops-${randomUUID().slice(0, 8)}@anpi.example`, password: 'lantern harbour quiet 42', secret: new Secret({ size: 20 }).base32 };
  let operatorId = '';
  let spentCode = '';
  const codeAt = (timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(operator.secret), timestamp });
  const signIn = (body: Record<string, unknown>, from?: string) => call(auth.baseUrl, 'POST', '/v1/platform/sessions', { body, from });

  function bootstrap(overrides: Record<string, string> = {}) {
    const env = {
      PATH: process.env.PATH ?? '',
      ...localServiceEnvironment('auth-service', settings),
      PLATFORM_OPERATOR_EMAIL: operator.email,
      PLATFORM_OPERATOR_DISPLAY_NAME: '運用 太郎',
      PLATFORM_OPERATOR_PASSWORD: operator.password,
      PLATFORM_OPERATOR_TOTP_SECRET: operator.secret,
      ...overrides,
    };
    return spawnSync(process.execPath, [bootstrapScript], { env, encoding: 'utf8', timeout: 30_000 });
  }

  beforeAll(async () => {
    await mails.start();
    await ensureAnpiTopics();
    settings = {
      ...(await signingKeySettings()),
      AUTH_TOKEN_ISSUER: `http://127.0.0.1:${authPort}`,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
      LOGIN_LOCK_BASE_SECONDS: '1',
    };
    auth = await new ServiceProcess('auth-service', authPort, settings).start();
  });

  afterAll(async () => {
    await auth?.stop();
    await mails.stop();
  });

  describe('bootstrap command', () => {
    it.each([
      ['a common password', { PLATFORM_OPERATOR_PASSWORD: 'password1234' }, /PLATFORM_OPERATOR_PASSWORD: is one of the most common passwords/],
      ['a TOTP secret under 160 bits', { PLATFORM_OPERATOR_TOTP_SECRET: 'JBSWY3DPEHPK3PXP' }, /PLATFORM_OPERATOR_TOTP_SECRET: must be base32/],
      ['an invalid e-mail', { PLATFORM_OPERATOR_EMAIL: 'not-an-address' }, /PLATFORM_OPERATOR_EMAIL/],
    ])('refuses %s with exit 78, creating nothing', async (_case, overrides, message) => {
      const operatorsBefore = await queryAuthDatabase('SELECT id FROM platform_operators');
      const run = bootstrap(overrides);
      expect(run.status).toBe(78);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain(operator.password);
      expect(await queryAuthDatabase('SELECT id FROM platform_operators')).toHaveLength(operatorsBefore.length);
    });

    it('creates the operator from the environment, e-mail and TOTP secret sealed; a second run resets the credentials', async () => {
      const first = bootstrap();
      expect(first.status).toBe(0);
      const created = JSON.parse(first.stdout);
      expect(created).toEqual({ operatorId: expect.any(String), created: true });
      operatorId = created.operatorId;
      const again = bootstrap();
      expect(again.status).toBe(0);
      expect(JSON.parse(again.stdout)).toEqual({ operatorId, created: false });
      const [row] = await queryAuthDatabase<Record<string, string>>('SELECT * FROM platform_operators WHERE id = $1', [operatorId]);
      const stored = JSON.stringify(row);
      expect(stored).not.toContain(operator.email);
      expect(stored).not.toContain(operator.secret);
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      const audit = await queryAuthDatabase<{ action: string }>('SELECT action FROM platform_operator_audit_log WHERE operator_id = $1 ORDER BY id', [operatorId]);
      expect(audit.map((entry) => entry.action)).toEqual(['operator_created', 'operator_credentials_reset']);
    });
  });

  describe('sign-in', () => {
    it('signs in with e-mail, password and a fresh code; the token is for the platform audience only', async () => {
      const from = randomAddress();
      // The next step's code (accepted: one step either side), so the next test can replay it whenever it runs.
      spentCode = codeAt(Date.now() + 30_000);
      const session = await signIn({ email: operator.email.toUpperCase(), password: operator.password, oneTimeCode: spentCode }, from);
      expect(session.status).toBe(200);
      expect(session.body).toEqual({ tokenType: 'Bearer', accessToken: expect.any(String), expiresIn: 900 });
      const token = session.body.accessToken as string;
      expect(decodePart(token, 0)).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: settings.AUTH_ACTIVE_SIGNING_KEY_ID });
      const claims = decodePart(token, 1);
      expect(claims).toMatchObject({ sub: operatorId, role: 'platform_operator', aud: 'anpi-platform', iss: settings.AUTH_TOKEN_ISSUER });
      expect(claims).not.toHaveProperty('tid');
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(900);
      // A tenant route refuses it: wrong audience, and no tenant in it.
      expect((await call(auth.baseUrl, 'GET', '/v1/sessions/current', { token })).status).toBe(401);
      const audit = await queryAuthDatabase<{ ip: string }>(`SELECT host(ip) AS ip FROM platform_operator_audit_log WHERE operator_id = $1 AND action = 'operator_signed_in'`, [operatorId]);
      expect(audit).toEqual([{ ip: from }]);
    });

    it('refuses a replayed code, a wrong code, a wrong password and an unknown e-mail with one answer', async () => {
      const refusals = [
        await signIn({ email: operator.email, password: operator.password, oneTimeCode: spentCode }),
        await signIn({ email: operator.email, password: operator.password, oneTimeCode: codeAt(Date.now() - 300_000) }),
        await signIn({ email: operator.email, password: 'not the password 99', oneTimeCode: codeAt(Date.now() + 30_000) }),
        await signIn({ email: `nobody-${randomUUID().slice(0, 6)}@anpi.example`, password: operator.password, oneTimeCode: codeAt(Date.now()) }),
      ];
      expect(refusals.map(({ status, body }) => ({ status, message: body.message }))).toEqual(Array(4).fill({ status: 401, message: 'wrong e-mail, password or code' }));
      const reasons = await queryAuthDatabase<{ reason: string }>(
        `SELECT details->>'reason' AS reason FROM platform_operator_audit_log WHERE operator_id = $1 AND action = 'operator_sign_in_refused' ORDER BY id`,
        [operatorId],
      );
      expect(reasons.map((entry) => entry.reason)).toEqual(['wrong_code', 'wrong_code', 'wrong_password']);
    });

    it.each([
      ['no code', { oneTimeCode: undefined }, { path: 'oneTimeCode' }],
      ['a code that is not six digits', { oneTimeCode: '12345a' }, { path: 'oneTimeCode' }],
      ['an unknown field', { tenant: 'acme' }, { path: '(body)', message: expect.stringContaining('"tenant"') }],
    ])('answers 400 naming the field for %s', async (_case, change, detail) => {
      const answer = await signIn({ email: operator.email, password: operator.password, oneTimeCode: '123456', ...change });
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([expect.objectContaining(detail)]);
    });

    it('is not a tenant login: the operator cannot sign in through /v1/sessions', async () => {
      const answer = await call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant: 'anpi', email: operator.email, password: operator.password } });
      expect(answer.status).toBe(401);
    });
  });

  describe("operators' decisions about a tenant", () => {
    const tenant = { slug: uniqueSlug(), owner: `owner-${randomUUID().slice(0, 8)}@ops.example`, id: '' };
    const password = 'persimmon kite ladder 3';
    const logIn = () => call(auth.baseUrl, 'POST', '/v1/sessions', { body: { tenant: tenant.slug, email: tenant.owner, password } });
    const statusChange = (status: 'active' | 'suspended') =>
      publishEvent({ type: 'tenant.status-changed', tenantId: tenant.id, payload: { tenantId: tenant.id, status, changedAt: new Date().toISOString() } });

    beforeAll(async () => {
      tenant.id = await announceTenant(tenant.slug, tenant.owner);
      const token = await mails.tokenMailedTo(tenant.owner, /activate/);
      expect((await call(auth.baseUrl, 'POST', '/v1/account-activations', { body: { token, password } })).status).toBe(204);
    });

    it('refuses sign-in and refresh while the tenant is suspended, and lets its people back in when resumed', async () => {
      const session = await logIn();
      expect(session.status).toBe(200);
      await statusChange('suspended');
      const refused = await waitFor(
        async () => {
          const answer = await logIn();
          return answer.status === 403 ? answer : undefined;
        },
        { timeoutMs: 20_000, what: 'login refused after suspension' },
      );
      expect(refused.body).toMatchObject({ error: 'tenant_suspended' });
      const refresh = await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.body.refreshToken } });
      expect(refresh).toMatchObject({ status: 403, body: { error: 'tenant_suspended' } });
      await statusChange('active');
      await waitFor(async () => ((await logIn()).status === 200 ? true : undefined), { timeoutMs: 20_000, what: 'login accepted after resumption' });
      expect((await call(auth.baseUrl, 'POST', '/v1/sessions/refresh', { body: { refreshToken: session.body.refreshToken } })).status).toBe(200);
    });

    it("e-mails an operator's notice to the tenant's active owners and admins", async () => {
      const noticeId = randomUUID();
      const title = `計画メンテナンス ${noticeId.slice(0, 6)}`;
      await publishEvent({
        type: 'tenant.notice-posted',
        tenantId: tenant.id,
        payload: { tenantId: tenant.id, noticeId, kind: 'maintenance', title, body: '11月30日 02:00–04:00 (JST) に停止します。', postedAt: new Date().toISOString() },
      });
      const mail = await waitFor(() => mails.mailsTo(tenant.owner).find((candidate) => candidate.text.includes(title)), { timeoutMs: 30_000, what: 'the notice mail' });
      expect(mail.text).toContain('11月30日 02:00–04:00 (JST) に停止します。');
      expect(mail.text).toContain('Notice from the operators of your Anpi service');
    });
  });

  it('throttles guessed codes like guessed passwords', async () => {
    const from = randomAddress();
    const answers = [];
    for (let attempt = 0; attempt < 7; attempt += 1) answers.push((await signIn({ email: operator.email, password: operator.password, oneTimeCode: '000000' }, from)).status);
    expect(answers).toContain(429);
  });
});
