import { ensureAnpiTopics, localServiceEnvironment, MailCatcher, ServiceProcess, waitFor } from '@anpi/testing';
import { EventEnvelope } from '@anpi/contracts';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { Kafka, logLevel } from 'kafkajs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { ApiResponse, DirectoryClient, employeeBody } from './support/directory-client';

const authPort = 3371;
const tenantPort = 3372;
const smtpPort = 3373;
const issuer = `http://127.0.0.1:${authPort}`;
const keyId = `platform-test-${randomUUID().slice(0, 8)}`;

/**
 * Platform operators end to end on real processes: auth-service signs the operator in (created
 * by its bootstrap command, TOTP every time) and tenant-service serves the operators' API with
 * that token. Tenant users' tokens are signed with the same key auth-service signs with, so
 * both kinds of token come from one issuer, as in production.
 */
describe('platform operators (auth-service + tenant-service)', () => {
  const mails = new MailCatcher(smtpPort);
  let auth: ServiceProcess;
  let tenantService: ServiceProcess;
  let signingKey: KeyLike;
  let operatorToken = '';
  const operator = { email: `ops-${randomUUID().slice(0, 8)}@anpi.example`, password: 'lantern harbour quiet 42', secret: new Secret({ size: 20 }).base32 };
  const tenants = { a: { id: '', slug: '', owner: '' }, b: { id: '', slug: '', owner: '' } };
  const employeeOfA = employeeBody({ nameKanji: '秘密 花子' });
  let adminA: DirectoryClient;
  let adminB: DirectoryClient;
  let memberA: DirectoryClient;

  const tenantUserToken = (tenantId: string, role: 'owner' | 'admin' | 'member') =>
    new SignJWT({ tid: tenantId, role, dep: [] })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: keyId })
      .setIssuer(issuer)
      .setAudience('anpi')
      .setSubject(randomUUID())
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('10m')
      .sign(signingKey);

  // What tenant-service published (the relay deletes outbox rows once sent, so the broker is where to look).
  const kafka = new Kafka({ clientId: 'platform-operators-test', brokers: localServiceEnvironment('tenant-service').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `platform-operators-test-${randomUUID()}` });
  const published: EventEnvelope<Record<string, string>>[] = [];
  const publishedFor = (type: string, tenantId: string) => published.filter((event) => event.type === type && event.tenantId === tenantId);

  const asOperator = (token = operatorToken) => new DirectoryClient(tenantService.baseUrl, token);

  async function signUp(label: string) {
    const slug = `${label}-${randomUUID().slice(0, 8)}`;
    const owner = `owner@${slug}.example`;
    const response = await fetch(`${tenantService.baseUrl}/v1/tenants/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slug, displayName: `${label} 株式会社`, owner: { email: owner, displayName: 'Owner' } }),
    });
    expect(response.status).toBe(201);
    return { id: ((await response.json()) as { id: string }).id, slug, owner };
  }

  async function operatorSignIn(): Promise<string> {
    const session = await fetch(`${auth.baseUrl}/v1/platform/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: operator.email, password: operator.password, oneTimeCode: TOTP.generate({ secret: Secret.fromBase32(operator.secret) }) }),
    });
    expect(session.status).toBe(200);
    return ((await session.json()) as { accessToken: string }).accessToken;
  }

  beforeAll(async () => {
    await mails.start();
    await ensureAnpiTopics();
    const joined = new Promise((resolve) => reader.on(reader.events.GROUP_JOIN, resolve));
    await reader.connect();
    await reader.subscribe({ topics: ['tenant.status-changed', 'tenant.notice-posted'], fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        published.push(JSON.parse(message.value!.toString()));
      },
    });
    await joined;
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    signingKey = privateKey;
    const signing = {
      AUTH_SIGNING_KEYS: Buffer.from(JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: keyId }] })).toString('base64'),
      AUTH_ACTIVE_SIGNING_KEY_ID: keyId,
      AUTH_TOKEN_ISSUER: issuer,
    };
    auth = await new ServiceProcess('auth-service', authPort, { ...signing, SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtpPort) }).start();
    const bootstrap = spawnSync(process.execPath, [resolve(__dirname, '../../auth-service/dist/bootstrap-operator.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        ...localServiceEnvironment('auth-service', signing),
        PLATFORM_OPERATOR_EMAIL: operator.email,
        PLATFORM_OPERATOR_DISPLAY_NAME: '運用 花子',
        PLATFORM_OPERATOR_PASSWORD: operator.password,
        PLATFORM_OPERATOR_TOTP_SECRET: operator.secret,
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(bootstrap.status).toBe(0);
    tenantService = await new ServiceProcess('tenant-service', tenantPort, { AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`, AUTH_TOKEN_ISSUER: issuer }).start();
    operatorToken = await operatorSignIn();
    tenants.a = await signUp('ops-a');
    tenants.b = await signUp('ops-b');
    adminA = new DirectoryClient(tenantService.baseUrl, await tenantUserToken(tenants.a.id, 'admin'));
    adminB = new DirectoryClient(tenantService.baseUrl, await tenantUserToken(tenants.b.id, 'admin'));
    memberA = new DirectoryClient(tenantService.baseUrl, await tenantUserToken(tenants.a.id, 'member'));
    expect((await adminA.post('/v1/directory/employees', employeeOfA)).status).toBe(201);
    expect((await adminA.post('/v1/directory/employees', employeeBody({ active: false }))).status).toBe(201);
    expect((await adminA.post('/v1/directory/departments', { name: '総務部' })).status).toBe(201);
  });

  afterAll(async () => {
    await reader.disconnect();
    await tenantService?.stop();
    await auth?.stop();
    await mails.stop();
  });

  /** Pages through the operators' tenant list until both test tenants are found. */
  async function listedTestTenants() {
    const found = new Map<string, Record<string, unknown>>();
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await asOperator().get(`/v1/platform/tenants?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const item of page.body.items) if ([tenants.a.id, tenants.b.id].includes(item.id)) found.set(item.id, item);
      cursor = page.body.nextCursor;
    } while (cursor && found.size < 2);
    return found;
  }

  describe('who may call what', () => {
    it.each<[string, () => Promise<string>]>([
      ['no token', async () => ''],
      ['a malformed token', async () => 'not-a-jwt'],
      ["a tenant owner's token", () => tenantUserToken(tenants.a.id, 'owner')],
    ])('refuses %s on the platform routes with 401', async (_case, token) => {
      const client = asOperator(await token());
      for (const [method, path] of [
        ['GET', '/v1/platform/tenants'],
        ['POST', `/v1/platform/tenants/${tenants.b.id}/suspend`],
        ['POST', '/v1/platform/notices'],
        ['GET', '/v1/platform/audit-log'],
      ]) {
        expect({ path, status: (await client.call(method, path, method === 'POST' ? { reason: 'x', kind: 'incident', title: 't', body: 'b' } : undefined)).status }).toEqual({ path, status: 401 });
      }
      expect((await listedTestTenants()).get(tenants.b.id)).toMatchObject({ status: 'active' });
    });

    it("refuses an operator's token on every tenant route: operators never see employee data", async () => {
      for (const path of ['/v1/directory/employees', '/v1/directory/departments', '/v1/audit-log', '/v1/notices']) {
        expect({ path, status: (await asOperator().get(path)).status }).toEqual({ path, status: 401 });
      }
    });
  });

  describe('tenants and their usage', () => {
    it('lists tenants with usage counts and nothing about their people', async () => {
      const found = await listedTestTenants();
      expect(found.get(tenants.a.id)).toEqual({
        id: tenants.a.id,
        slug: tenants.a.slug,
        displayName: 'ops-a 株式会社',
        status: 'active',
        createdAt: expect.any(String),
        usage: { activeEmployees: 1, disabledEmployees: 1, departments: 1, groups: 0, importJobsLast30Days: 0 },
      });
      expect(found.get(tenants.b.id)).toMatchObject({ usage: { activeEmployees: 0, disabledEmployees: 0, departments: 0, groups: 0, importJobsLast30Days: 0 } });
      const everything = JSON.stringify([...found.values()]);
      for (const personal of [employeeOfA.nameKanji, employeeOfA.companyEmail, employeeOfA.mobilePhone, tenants.a.owner]) expect(everything).not.toContain(personal);
    });

    it.each([
      ['an unknown query field', '?tenant=x'],
      ['a limit over 100', '?limit=101'],
      ['a cursor that is not an id', '?cursor=abc'],
    ])('answers 400 for %s', async (_case, query) => {
      expect((await asOperator().get(`/v1/platform/tenants${query}`)).status).toBe(400);
    });
  });

  describe('suspension', () => {
    it('suspends a tenant: its people are refused at once, other tenants are not, and all of it is audited', async () => {
      const suspended = await asOperator().post(`/v1/platform/tenants/${tenants.a.id}/suspend`, { reason: '契約終了の確認待ち' });
      expect(suspended).toEqual({ status: 200, body: { id: tenants.a.id, status: 'suspended', changed: true } });
      const refused = await adminA.get('/v1/directory/employees');
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/suspended/);
      expect((await memberA.get('/v1/directory/departments')).status).toBe(403);
      expect((await adminB.get('/v1/directory/employees')).status).toBe(200);
      expect((await listedTestTenants()).get(tenants.a.id)).toMatchObject({ status: 'suspended' });
      const event = await waitFor(() => publishedFor('tenant.status-changed', tenants.a.id)[0], { what: 'tenant.status-changed' });
      expect(event.payload).toEqual({ tenantId: tenants.a.id, status: 'suspended', changedAt: expect.any(String) });
    });

    it('changes nothing when the tenant already has that status, but still audits the attempt', async () => {
      const again = await asOperator().post(`/v1/platform/tenants/${tenants.a.id}/suspend`, { reason: 'again' });
      expect(again.body).toEqual({ id: tenants.a.id, status: 'suspended', changed: false });
    });

    it("resumes the tenant; the tenant's own audit log shows both operator actions", async () => {
      const resumed = await asOperator().post(`/v1/platform/tenants/${tenants.a.id}/resume`, { reason: '確認済み' });
      expect(resumed.body).toEqual({ id: tenants.a.id, status: 'active', changed: true });
      expect((await adminA.get('/v1/directory/employees')).status).toBe(200);
      // One key, one partition, so in order: the unchanged second suspension published nothing.
      await waitFor(() => publishedFor('tenant.status-changed', tenants.a.id).length >= 2, { what: 'the resumption event' });
      expect(publishedFor('tenant.status-changed', tenants.a.id).map((event) => event.payload.status)).toEqual(['suspended', 'active']);
      const audit = await adminA.get('/v1/audit-log?targetId=' + tenants.a.id);
      expect(audit.body.items.map((entry: { action: string; actor: { kind: string; role: string } }) => [entry.action, entry.actor.kind, entry.actor.role])).toEqual([
        ['tenant_resumed', 'operator', 'platform_operator'],
        ['tenant_suspended', 'operator', 'platform_operator'],
      ]);
      expect((await adminB.get('/v1/audit-log?targetId=' + tenants.a.id)).body.items).toEqual([]);
    });

    it.each<[string, () => string, unknown, number]>([
      ['an unknown tenant', () => `/v1/platform/tenants/${randomUUID()}/suspend`, { reason: 'x' }, 404],
      ['a tenant id that is not a UUID', () => '/v1/platform/tenants/acme/suspend', { reason: 'x' }, 400],
      ['an empty reason', () => `/v1/platform/tenants/${tenants.b.id}/suspend`, { reason: ' ' }, 400],
      ['an unknown field', () => `/v1/platform/tenants/${tenants.b.id}/suspend`, { reason: 'x', status: 'active' }, 400],
      ['a reason over 500 characters', () => `/v1/platform/tenants/${tenants.b.id}/suspend`, { reason: 'x'.repeat(501) }, 400],
    ])('refuses %s and changes nothing', async (_case, path, body, status) => {
      expect((await asOperator().post(path(), body)).status).toBe(status);
      expect((await listedTestTenants()).get(tenants.b.id)).toMatchObject({ status: 'active' });
    });
  });

  describe('notices', () => {
    const notice = { kind: 'maintenance', title: `計画メンテナンス ${randomUUID().slice(0, 6)}`, body: '11月30日 02:00–04:00 (JST) に停止します。' };

    it("posts a notice: stored, one event per active tenant, shown in admins' consoles", async () => {
      const posted = await asOperator().post('/v1/platform/notices', notice);
      expect(posted.status).toBe(201);
      expect(posted.body).toMatchObject({ ...notice, id: expect.any(String), postedAt: expect.any(String), visibleUntil: null });
      expect(posted.body.tenantsNotified).toBeGreaterThanOrEqual(2);
      const ofThisNotice = () => published.filter((event) => event.type === 'tenant.notice-posted' && event.payload.noticeId === posted.body.id);
      await waitFor(() => ofThisNotice().length >= posted.body.tenantsNotified, { what: 'one tenant.notice-posted per tenant' });
      expect(ofThisNotice().map((event) => event.tenantId)).toEqual(expect.arrayContaining([tenants.a.id, tenants.b.id]));
      expect(ofThisNotice()[0].payload).toEqual({ tenantId: expect.any(String), noticeId: posted.body.id, ...notice, postedAt: posted.body.postedAt });
      for (const admin of [adminA, adminB]) {
        const shown = await admin.get('/v1/notices');
        expect(shown.body.items).toContainEqual(expect.objectContaining({ id: posted.body.id, title: notice.title }));
      }
      expect((await memberA.get('/v1/notices')).status).toBe(403);
      expect((await asOperator().get('/v1/platform/notices')).body.items).toContainEqual(expect.objectContaining({ id: posted.body.id }));
    });

    it("reaches the owner's mailbox through auth-service once the owner is active", async () => {
      const activation = await waitFor(() => mails.mailsTo(tenants.a.owner).find((mail) => /token=/.test(mail.text)), { timeoutMs: 30_000, what: 'the activation mail' });
      const token = decodeURIComponent(/token=([^\s]+)/.exec(activation.text)![1]);
      const activated = await fetch(`${auth.baseUrl}/v1/account-activations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, password: 'persimmon kite ladder 3' }),
      });
      expect(activated.status).toBe(204);
      const title = `障害のお知らせ ${randomUUID().slice(0, 6)}`;
      expect((await asOperator().post('/v1/platform/notices', { kind: 'incident', title, body: 'メール配信が遅延しています。' })).status).toBe(201);
      const mail = await waitFor(() => mails.mailsTo(tenants.a.owner).find((candidate) => candidate.text.includes(title)), { timeoutMs: 30_000, what: 'the notice mail' });
      expect(mail.text).toContain('メール配信が遅延しています。');
    });

    it.each([
      ['an unknown kind', { ...notice, kind: 'marketing' }],
      ['an empty title', { ...notice, title: '' }],
      ['a body over 5,000 characters', { ...notice, body: 'あ'.repeat(5001) }],
      ['an unknown field', { ...notice, audience: 'all' }],
    ])('refuses %s with 400', async (_case, body) => {
      expect((await asOperator().post('/v1/platform/notices', body)).status).toBe(400);
    });
  });

  it("keeps every operator action in the platform audit log, readable only by operators", async () => {
    const log = await asOperator().get(`/v1/platform/audit-log?tenantId=${tenants.a.id}`);
    expect(log.status).toBe(200);
    // Newest first: this very read is the first entry.
    expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual(['audit_log_read', 'tenant_resumed', 'tenant_suspended', 'tenant_suspended']);
    expect(log.body.items[3]).toMatchObject({ tenantId: tenants.a.id, operator: { id: expect.any(String), ip: '127.0.0.1' }, details: { reason: '契約終了の確認待ち', previousStatus: 'active' } });
    const everything = await asOperator().get('/v1/platform/audit-log?limit=500');
    const actions = new Set(everything.body.items.map((entry: { action: string }) => entry.action));
    for (const action of ['tenants_listed', 'notice_posted', 'notices_listed', 'audit_log_read']) expect(actions).toContain(action);
    expect((await adminA.get('/v1/platform/audit-log')).status).toBe(401);
  });
});
