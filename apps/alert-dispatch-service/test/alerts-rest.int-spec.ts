import { ACCESS_TOKEN_VERIFIER, AccessRevocations, AccessTokenVerifier, remoteSigningKeys } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { FieldCipher, ContactEventSealer } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { HttpErrorFilter } from '@anpi/service-bootstrap';
import { localServiceEnvironment, TokenIssuer } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertsController } from '../src/alerts/alerts.controller';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { TenantChannelSettingsStore } from '../src/channels';
import { ChannelSettingsController } from '../src/channels/channel-settings.controller';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { RECIPIENT_SOURCE } from '../src/recipients/recipient-source';
import { MessagePreviews, TenantTemplatesStore } from '../src/templates';
import { MessageTemplatesController } from '../src/templates/message-templates.controller';
import { bearerJsonRequest } from './rest-support';

/**
 * The console's REST endpoints added for dispatch — "send again", progress, channel settings —
 * over real HTTP (Fastify, the service's error filter), access tokens signed by a stand-in
 * auth-service, the real dispatch database with row-level security.
 */
describe('alerts and channel settings over REST (real HTTP, real PostgreSQL)', () => {
  const issuer = new TokenIssuer(3552);
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3', ...issuer.serviceEnvironment }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tenantId = randomUUID();
  const sales = randomUUID();
  const factory = randomUUID();
  let app: NestFastifyApplication;
  let baseUrl: string;
  let adminToken: string;
  let alertId: string;

  const http = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => bearerJsonRequest(baseUrl, method, path, token, body, headers);

  beforeAll(async () => {
    await issuer.start();
    await dataSource.initialize();
    adminToken = await issuer.token(tenantId, 'admin');
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      for (const [departmentId, path] of [[sales, [sales]], [factory, [factory]]] as const) {
        await manager.query('INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)', [tenantId, departmentId, path]);
      }
      const employeeId = randomUUID();
      const contact = sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: 'a@example.test', privateEmails: [], mobilePhone: null });
      await manager.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'テスト株式会社', 'ja', 'Asia/Tokyo', false)`, [tenantId]);
      await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3, $4)`, [
        tenantId,
        employeeId,
        [sales],
        contact,
      ]);
    });
    const revocations = new AccessRevocations();
    @Global()
    @Module({
      controllers: [AlertsController, ChannelSettingsController, MessageTemplatesController],
      providers: [
        { provide: ACCESS_TOKEN_VERIFIER, useValue: new AccessTokenVerifier(remoteSigningKeys(issuer.jwksUrl), { issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE }, revocations) },
        { provide: DataSource, useValue: dataSource },
        { provide: CreateAlert, useValue: new CreateAlert(dataSource) },
        { provide: RECIPIENT_SOURCE, useValue: ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)) },
        { provide: TenantChannelSettingsStore, useValue: new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID)) },
        { provide: TenantTemplatesStore, useValue: new TenantTemplatesStore() },
        { provide: MessagePreviews, useValue: new MessagePreviews({ answerLinks: { httpsBaseUrl: 'https://anpi.example' }, maxSmsSegments: 3 }) },
      ],
    })
    class RestTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(RestTestModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    const created = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答してください', target: { kind: 'all' }, widenToAllAfterMinutes: 30 });
    expect(created.status).toBe(201);
    expect(created.body.widening).toEqual({ afterMinutes: 30, widenedAt: null });
    alertId = created.body.id;
  });

  afterAll(async () => {
    await app?.close();
    await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
    await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      for (const table of ['manual_resends', 'tenant_channel_settings', 'message_templates', 'deliveries', 'alerts', 'directory_recipients', 'directory_departments', 'disaster_rules', 'known_tenants']) {
        await manager.query(`DELETE FROM ${table}`);
      }
    });
    await dataSource.destroy();
    await issuer.stop();
  });

  it('refuses a widening of zero minutes with 400 naming the field', async () => {
    const refused = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答', target: { kind: 'all' }, widenToAllAfterMinutes: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { path: string }) => detail.path)).toEqual(['widenToAllAfterMinutes']);
  });

  it('refuses a target that reaches nobody with 422 naming the target, and creates nothing', async () => {
    const [{ count: before }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
    // The factory has no employees; an empty department is a target a crisis team can pick by mistake.
    const refused = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答', target: { kind: 'departments', departmentIds: [factory] } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ message: expect.stringMatching(/reaches nobody/), details: [{ path: 'target', message: expect.any(String) }] });
    const [{ count: after }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
    expect(after).toBe(before);
  });

  it('refuses an Idempotency-Key reused for a different alert with 422 and no details, and keeps the first', async () => {
    const key = `reuse-${randomUUID()}`;
    const first = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答', target: { kind: 'all' } }, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const reused = await http('POST', '/v1/alerts', adminToken, { title: '津波', message: '回答', target: { kind: 'all' } }, { 'idempotency-key': key });
    expect(reused).toMatchObject({ status: 422, body: { message: expect.stringMatching(/Idempotency-Key/) } });
    expect(reused.body.details ?? []).toEqual([]);
    const [{ titles }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT array_agg(title) AS titles FROM alerts WHERE idempotency_key = $1', [key]));
    expect(titles).toEqual(['地震']);
  });

  it('refuses an Idempotency-Key that is too short with 400 naming the header, and creates nothing', async () => {
    const [{ count: before }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
    const refused = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答', target: { kind: 'all' } }, { 'idempotency-key': 'short' });
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([{ path: 'Idempotency-Key', message: expect.stringMatching(/8/), rule: 'too-short', minimum: 8 }]);
    const [{ count: after }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
    expect(after).toBe(before);
  });

  describe('POST /v1/alerts/:id/resend', () => {
    it('starts a round for some departments, once per Idempotency-Key', async () => {
      const key = `resend-${randomUUID()}`;
      const first = await http('POST', `/v1/alerts/${alertId}/resend`, adminToken, { departmentIds: [sales] }, { 'idempotency-key': key });
      expect(first).toMatchObject({ status: 202, body: { round: 2, replayed: false } });
      const again = await http('POST', `/v1/alerts/${alertId}/resend`, adminToken, { departmentIds: [sales] }, { 'idempotency-key': key });
      expect(again).toMatchObject({ status: 200, body: { round: 2, replayed: true } });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const [job] = await dataSource.query('SELECT recipient_filter FROM fan_out_jobs WHERE alert_id = $1 AND round = 2', [alertId]);
      expect(job.recipient_filter).toEqual({ departmentIds: [sales] });
    });

    it('sends to all non-responders without a body', async () => {
      const response = await fetch(`${baseUrl}/v1/alerts/${alertId}/resend`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
      expect(response.status).toBe(202);
    });

    it.each([
      ['an unknown field', { everyone: true }, '(body)'],
      ['a department id that is not a uuid', { departmentIds: ['sales'] }, 'departmentIds.0'],
      ['an empty list of people', { recipientIds: [] }, 'recipientIds'],
    ])('refuses %s with 400 and starts nothing', async (_case, body, path) => {
      const [{ rounds_started: before }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT rounds_started FROM alerts WHERE id = $1', [alertId]));
      const refused = await http('POST', `/v1/alerts/${alertId}/resend`, adminToken, body);
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain(path);
      const [{ rounds_started: after }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT rounds_started FROM alerts WHERE id = $1', [alertId]));
      expect(after).toBe(before);
    });

    it("refuses a department admin's departments outside their scope (403), members (403) and other tenants (404)", async () => {
      const factoryAdmin = await issuer.token(tenantId, 'department_admin', [factory]);
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, factoryAdmin, { departmentIds: [sales] })).status).toBe(403);
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, factoryAdmin, {})).status).toBe(202);
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, await issuer.token(tenantId, 'member'), {})).status).toBe(403);
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, await issuer.token(randomUUID(), 'admin'), {})).status).toBe(404);
    });
  });

  describe('GET /v1/alerts', () => {
    it('pages through the tenant\'s alerts newest first, each exactly once', async () => {
      const salesOnly = await http('POST', '/v1/alerts', adminToken, { title: '営業部のみ', message: '回答', target: { kind: 'departments', departmentIds: [sales] } });
      const latest = await http('POST', '/v1/alerts', adminToken, { title: '全社', message: '回答', target: { kind: 'all' } });
      expect([salesOnly.status, latest.status]).toEqual([201, 201]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await http('GET', `/v1/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`, adminToken);
        expect(page.status).toBe(200);
        seen.push(...page.body.alerts.map((alert: { id: string }) => alert.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      // Other tests of this file create alerts too: every one of the tenant's, once each, the newest first.
      const [{ ids }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT array_agg(id ORDER BY created_at DESC, id DESC) AS ids FROM alerts'));
      expect(seen).toEqual(ids);
      expect(seen.slice(0, 2)).toEqual([latest.body.id, salesOnly.body.id]);
      expect(seen).toContain(alertId);
      expect((await http('GET', '/v1/alerts', await issuer.token(randomUUID(), 'admin'))).body).toEqual({ alerts: [], nextCursor: null });
    });

    it("shows a department admin company-wide alerts and their own departments' alerts, not other departments'", async () => {
      const factoryAdmin = await issuer.token(tenantId, 'department_admin', [factory]);
      const salesAdmin = await issuer.token(tenantId, 'department_admin', [sales]);
      const titles = async (token: string) => (await http('GET', '/v1/alerts', token)).body.alerts.map((alert: { title: string }) => alert.title);
      expect(await titles(factoryAdmin)).not.toContain('営業部のみ');
      expect(await titles(factoryAdmin)).toContain('全社');
      expect(await titles(salesAdmin)).toEqual(expect.arrayContaining(['営業部のみ', '全社']));
      expect((await http('GET', '/v1/alerts', await issuer.token(tenantId, 'member'))).status).toBe(403);
    });

    it.each([
      ['a limit above 100', 'limit=500', 'limit'],
      ['a made-up cursor', 'cursor=yesterday', 'cursor'],
      ['an unknown state', 'state=lost', 'state'],
      ['an unknown parameter', 'tenant=other', '(query)'],
    ])('refuses %s with 400', async (_case, queryString, path) => {
      const refused = await http('GET', `/v1/alerts?${queryString}`, adminToken);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.details)).toContain(path === '(query)' ? '' : path);
    });
  });

  it('GET /v1/alerts/:id/progress answers per-channel counts for the tenant, 404 for others', async () => {
    const progress = await http('GET', `/v1/alerts/${alertId}/progress`, adminToken);
    expect(progress).toMatchObject({ status: 200, body: { alertId, state: 'sending', widened: false, totals: { queued: 0, sent: 0 }, channels: {}, responded: 0 } });
    expect((await http('GET', `/v1/alerts/${alertId}/progress`, await issuer.token(randomUUID(), 'admin'))).status).toBe(404);
  });

  describe('/v1/channel-settings', () => {
    const line = { baseUrl: 'https://api.line.example', channelAccessToken: 'line-channel-access-token-secret' };

    it('takes a channel with credentials, and never shows the credentials again', async () => {
      const saved = await http('PUT', '/v1/channel-settings/line', adminToken, line);
      expect(saved).toMatchObject({ status: 200, body: { channels: { line: { baseUrl: line.baseUrl, channelAccessToken: '(stored)' } } } });
      const shown = await http('GET', '/v1/channel-settings', adminToken);
      expect(shown.body).toEqual({ channels: { line: { baseUrl: line.baseUrl, channelAccessToken: '(stored)' } } });
      expect(JSON.stringify(shown.body)).not.toContain(line.channelAccessToken);
      expect((await http('DELETE', '/v1/channel-settings/line', adminToken)).status).toBe(204);
      expect((await http('GET', '/v1/channel-settings', adminToken)).body).toEqual({ channels: {} });
    });

    it.each([
      ['an unknown channel', 'fax', line, 'channel'],
      ['an SMS account with a short token', 'sms', { baseUrl: 'https://api.twilio.example', accountSid: 'AC0123456789', authToken: 'short', from: '+815012345678' }, 'authToken'],
      ['a webhook without a signing secret', 'webhook', { url: 'https://hooks.acme.example/anpi' }, 'signingSecret'],
      ['an SMTP port out of range', 'email', { host: 'smtp.acme.example', port: 70000, from: 'a@acme.example' }, 'port'],
      ['a sender that is two addresses', 'email', { host: 'smtp.acme.example', port: 587, from: 'a@acme.example, b@acme.example' }, 'from'],
    ])('refuses %s with 400 and stores nothing', async (_case, channel, body, path) => {
      const refused = await http('PUT', `/v1/channel-settings/${channel}`, adminToken, body);
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain(path);
      expect((await http('GET', '/v1/channel-settings', adminToken)).body).toEqual({ channels: {} });
    });

    it('is for owners and admins only', async () => {
      for (const role of ['department_admin', 'member'] as const) {
        const token = await issuer.token(tenantId, role, role === 'department_admin' ? [sales] : []);
        expect((await http('GET', '/v1/channel-settings', token)).status).toBe(403);
        expect((await http('PUT', '/v1/channel-settings/line', token, line)).status).toBe(403);
      }
    });
  });

  // Last: it adds an alert to the tenant, which the listing above counts.
  describe('POST /v1/alerts/:id/close', () => {
    it('closes a safety check now: queued messages cancelled, no more rounds, alert.closed announced once', async () => {
      const created = await http('POST', '/v1/alerts', adminToken, { title: '誤報', message: '回答してください', target: { kind: 'departments', departmentIds: [sales] } });
      const closing: string = created.body.id;
      const queued = [randomUUID(), randomUUID()];
      await runInTenantTransaction(dataSource, tenantId, (manager) =>
        manager.query(`INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order) SELECT gen_random_uuid(), $1, $2, 1, r, '{email}' FROM unnest($3::uuid[]) AS r`, [tenantId, closing, queued]),
      );
      expect((await http('POST', `/v1/alerts/${closing}/close`, await issuer.token(tenantId, 'department_admin', [factory]))).status).toBe(403);
      expect((await http('POST', `/v1/alerts/${closing}/close`, await issuer.token(tenantId, 'member'))).status).toBe(403);
      expect((await http('POST', `/v1/alerts/${randomUUID()}/close`, adminToken)).status).toBe(404);

      const closed = await http('POST', `/v1/alerts/${closing}/close`, await issuer.token(tenantId, 'department_admin', [sales]));
      expect(closed).toMatchObject({ status: 200, body: { id: closing, state: 'closed', closedAt: expect.any(String) } });
      expect((await http('POST', `/v1/alerts/${closing}/close`, adminToken)).body).toMatchObject({ state: 'closed', closedAt: closed.body.closedAt });
      const states = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT DISTINCT state FROM deliveries WHERE alert_id = $1', [closing]));
      expect(states).toEqual([{ state: 'cancelled' }]);
      expect(await dataSource.query('SELECT 1 FROM alert_schedule WHERE alert_id = $1', [closing])).toEqual([]);
      const announced = await dataSource.query(`SELECT topic, message_key, envelope->'payload' AS payload FROM outbox WHERE envelope->>'type' = 'alert.closed' AND envelope->'payload'->>'alertId' = $1`, [closing]);
      expect(announced).toEqual([
        { topic: 'alert.closed', message_key: closing, payload: { alertId: closing, closedAt: closed.body.closedAt, reason: 'closed-by-staff', closedBy: expect.any(String) } },
      ]);
      expect(await http('POST', `/v1/alerts/${closing}/resend`, adminToken)).toMatchObject({ status: 409, body: { message: 'the alert is closed' } });
    });
  });

  describe('/v1/message-templates', () => {
    const ownJapanese = {
      subject: '【{{companyName}}】{{alertTitle}}',
      body: '{{name}} さん\n{{alertBody}}\n回答: {{answerUrl}}',
      shortBody: '{{alertTitle}} {{alertBody}} {{answerUrl}}',
    };

    it('shows the defaults with the variables and limits, then the texts an admin saved; English stays on the defaults', async () => {
      const before = await http('GET', '/v1/message-templates', adminToken);
      expect(before).toMatchObject({ status: 200, body: { updatedAt: null, variables: ['name', 'answerUrl', 'alertTitle', 'alertBody', 'companyName', 'sentAt'], limits: { smsMaxSegments: 3 } } });
      expect(before.body.templates.ja).toMatchObject({ own: false, subject: '【安否確認】{{alertTitle}}' });

      const saved = await http('PUT', '/v1/message-templates', adminToken, { ja: ownJapanese });
      expect(saved.status).toBe(200);
      expect(saved.body.templates.ja).toEqual({ ...ownJapanese, own: true });
      expect(saved.body.templates.en).toMatchObject({ own: false, subject: '[Safety check] {{alertTitle}}' });
      expect(saved.body.updatedAt).toEqual(expect.any(String));
      expect((await http('GET', '/v1/message-templates', adminToken)).body.templates.ja).toEqual({ ...ownJapanese, own: true });
    });

    it('refuses texts with an unknown variable or without the answer link, naming the field, and keeps what was saved', async () => {
      const refused = await http('PUT', '/v1/message-templates', adminToken, { ja: { ...ownJapanese, body: '{{nmae}} {{answerUrl}}', shortBody: '回答してください' } });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([{ path: 'ja.body', message: expect.stringMatching(/unknown variable \{\{nmae\}\}/) }]);
      const noLink = await http('PUT', '/v1/message-templates', adminToken, { ja: { ...ownJapanese, shortBody: '回答してください' } });
      expect(noLink.body.details).toEqual([{ path: 'ja.shortBody', message: expect.stringMatching(/answerUrl/) }]);
      expect((await http('GET', '/v1/message-templates', adminToken)).body.templates.ja).toEqual({ ...ownJapanese, own: true });
      expect((await http('PUT', '/v1/message-templates', await issuer.token(tenantId, 'department_admin', [sales]), { ja: ownJapanese })).status).toBe(403);
      expect((await http('GET', '/v1/message-templates', await issuer.token(tenantId, 'member'))).status).toBe(403);
    });

    it('previews every channel as it will be sent: the company, a link as long as a real one, SMS segments, drill and reminder marks', async () => {
      const preview = await http('POST', '/v1/message-templates/preview', await issuer.token(tenantId, 'department_admin', [sales]), { language: 'ja', title: '地震', message: '回答を', drill: true, reminder: true });
      expect(preview.status).toBe(200);
      const byChannel = Object.fromEntries(preview.body.channels.map((channel: { channel: string }) => [channel.channel, channel]));
      expect(byChannel.email).toMatchObject({ fits: true, subject: '【訓練】【再送】【テスト株式会社】地震' });
      expect(byChannel.email.body).toMatch(/^【訓練】【再送】安否 太郎 さん\n回答を\n回答: https:\/\/anpi\.example\/a\/x{43}$/);
      expect(byChannel.sms).toMatchObject({ fits: true, sms: { segments: 2, encoding: 'UCS-2' } });
      // Unsaved texts are previewed without being saved.
      const draft = await http('POST', '/v1/message-templates/preview', adminToken, { language: 'en', templates: { en: { subject: 'Check', body: 'Hi {{name}} {{answerUrl}}', shortBody: '{{answerUrl}}' } } });
      expect(draft.body.channels.find((channel: { channel: string }) => channel.channel === 'line')).toMatchObject({ fits: true, body: 'Hi Taro Anpi https://anpi.example/a/' + 'x'.repeat(43) });
      expect((await http('GET', '/v1/message-templates', adminToken)).body.templates.en.own).toBe(false);
    });

    it('refuses an alert a channel it lists cannot carry with these templates, and creates nothing', async () => {
      const [{ count: before }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
      const long = '建物の被害を確認してください。'.repeat(20);
      const refused = await http('POST', '/v1/alerts', adminToken, { title: '地震', message: long, target: { kind: 'all' }, channels: ['sms', 'email'] });
      expect(refused.status).toBe(422);
      expect(refused.body.details).toEqual([
        {
          path: 'message',
          message: expect.stringMatching(/^sms: text needs \d+ UCS-2 segments, more than the 3 allowed \(ja, /),
          rule: 'too-long',
          channel: 'sms',
          language: 'ja',
          measure: 'segments',
          actual: expect.any(Number),
          maximum: 3,
          encoding: 'UCS-2',
        },
      ]);
      const [{ count: after }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT count(*)::int AS count FROM alerts'));
      expect(after).toBe(before);
      // The same text by e-mail alone fits.
      expect((await http('POST', '/v1/alerts', adminToken, { title: '地震', message: long, target: { kind: 'all' }, channels: ['email'] })).status).toBe(201);
    });
  });
});
