import { ACCESS_TOKEN_VERIFIER, AccessRevocations, AccessTokenVerifier, remoteSigningKeys } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { bindTenant, buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, TokenIssuer } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AlertsController } from '../src/alerts/alerts.controller';
import { closeAlert } from '../src/alerts/close-alert';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { defaultQuestionSet } from '../src/alerts/question-set';
import { ALERT_SCHEDULER_ACTOR } from '../src/audit';
import { AuditLogPage as DispatchAuditLogPage } from '@anpi/persistence';
import { DispatchAuditLogController } from '../src/audit/dispatch-audit-log.controller';
import { TenantChannelSettingsStore } from '../src/channels';
import { ChannelSettingsController } from '../src/channels/channel-settings.controller';
import { AlertDispatchServiceConfig, alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { DisasterRulesController } from '../src/disaster-rules/disaster-rules.controller';
import { QuestionSetController } from '../src/question-sets/question-set.controller';
import { TenantQuestionSetStore } from '../src/question-sets/tenant-question-set.store';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { RECIPIENT_SOURCE } from '../src/recipients/recipient-source';
import { widenToEveryone } from '../src/resend/widen-to-everyone';
import { MessagePreviews, TenantTemplatesStore } from '../src/templates';
import { MessageTemplatesController } from '../src/templates/message-templates.controller';
import { freeLoopbackPort } from './disaster-end-to-end-support';
import { bearerJsonRequest, startRestApp } from './rest-support';

type AuditItem = DispatchAuditLogPage['items'][number];

/** Where the test's requests say they come from, through the proxy the service trusts. */
const clientIp = '203.0.113.9';
const alertTitle = '監査テスト地震 震度6強';
const alertMessage = '監査テスト: 安否を回答してください';
const smsToken = 'sms-auth-token-secret-0123456789';
const rotatedSmsToken = 'sms-auth-token-rotated-9876543210';

/**
 * Dispatch's audit log over real HTTP (Fastify trusting the proxy, the service's error filter),
 * access tokens signed by a stand-in auth-service, the real dispatch database with row-level
 * security: each audited change leaves exactly one entry naming who did it, refused changes
 * leave none, no secret or alert text is ever written, and the table cannot be rewritten.
 */
describe('the dispatch audit log (real HTTP, real PostgreSQL)', () => {
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const ownerUserId = randomUUID();
  const adminUserId = randomUUID();
  const sales = randomUUID();
  let issuer: TokenIssuer;
  let config: AlertDispatchServiceConfig;
  let dataSource: DataSource;
  let createAlert: CreateAlert;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let ownerToken: string;
  let adminToken: string;

  const http = (method: string, path: string, token: string, body?: unknown) => bearerJsonRequest(baseUrl, method, path, token, body, { 'x-forwarded-for': clientIp });
  const inTenant = <T>(tenant: string, work: (manager: EntityManager) => Promise<T>) => runInTenantTransaction(dataSource, tenant, work);

  /** Every entry of the tenant, newest first, straight from the table. */
  const storedEntries = async (tenant: string): Promise<{ action: string; target_id: string | null }[]> =>
    inTenant(tenant, (manager) => manager.query('SELECT action, target_id FROM dispatch_audit_log ORDER BY id DESC'));
  const entriesAbout = async (targetId: string, token = adminToken): Promise<AuditItem[]> => {
    const page = await http('GET', `/v1/audit-log?targetId=${encodeURIComponent(targetId)}`, token);
    expect(page.status).toBe(200);
    return page.body.items;
  };
  const userActor = (userId: string, role: string) => ({ kind: 'user', id: userId, role, ip: clientIp });

  /** Runs `change`, then gives the entries it added (newest first). */
  const entriesAddedBy = async (change: () => Promise<unknown>, tenant = tenantId): Promise<{ action: string; target_id: string | null }[]> => {
    const before = (await storedEntries(tenant)).length;
    await change();
    const after = await storedEntries(tenant);
    return after.slice(0, after.length - before);
  };

  beforeAll(async () => {
    issuer = await new TokenIssuer(await freeLoopbackPort()).start();
    config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3', ...issuer.serviceEnvironment }));
    dataSource = await new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase)).initialize();
    createAlert = new CreateAlert(dataSource);
    ownerToken = await issuer.token(tenantId, 'owner', [], ownerUserId);
    adminToken = await issuer.token(tenantId, 'admin', [], adminUserId);
    const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    for (const tenant of [tenantId, otherTenantId]) {
      await inTenant(tenant, async (manager) => {
        await manager.query('INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)', [tenant, sales, [sales]]);
        await manager.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, '監査株式会社', 'ja', 'Asia/Tokyo', false)`, [tenant]);
        const employeeId = randomUUID();
        const contact = sealer.seal(tenant, employeeId, { nameKanji: '監査 太郎', nameKana: 'カンサ タロウ', companyEmail: 'audit@example.test', privateEmails: [], mobilePhone: null });
        await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, contact_ciphertext, work_prefecture) VALUES ($1, $2, true, 'ja', $3, $4, '13')`, [
          tenant,
          employeeId,
          [sales],
          contact,
        ]);
      });
    }
    const revocations = new AccessRevocations();
    @Global()
    @Module({
      controllers: [AlertsController, ChannelSettingsController, QuestionSetController, MessageTemplatesController, DisasterRulesController, DispatchAuditLogController],
      providers: [
        { provide: ACCESS_TOKEN_VERIFIER, useValue: new AccessTokenVerifier(remoteSigningKeys(issuer.jwksUrl), { issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE }, revocations) },
        { provide: DataSource, useValue: dataSource },
        { provide: CreateAlert, useValue: createAlert },
        { provide: RECIPIENT_SOURCE, useValue: ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)) },
        { provide: TenantChannelSettingsStore, useValue: new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID)) },
        { provide: TenantTemplatesStore, useValue: new TenantTemplatesStore() },
        { provide: TenantQuestionSetStore, useValue: new TenantQuestionSetStore() },
        { provide: MessagePreviews, useValue: new MessagePreviews({ answerLinks: { httpsBaseUrl: 'https://anpi.example' }, maxSmsSegments: 3 }) },
      ],
    })
    class AuditTestModule {}
    // As the service runs (bootstrapService): behind a proxy whose X-Forwarded-For is trusted.
    ({ app, baseUrl } = await startRestApp(AuditTestModule, { trustProxy: true }));
  });

  afterAll(async () => {
    await app?.close();
    // The audit entries stay: the table refuses DELETE, and the tenants are random, so they harm no other test.
    for (const tenant of [tenantId, otherTenantId]) {
      await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenant]);
      await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenant]);
      await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenant]);
      await inTenant(tenant, async (manager) => {
        for (const table of ['manual_resends', 'deliveries', 'alerts', 'tenant_channel_settings', 'tenant_question_sets', 'message_templates', 'disaster_rules', 'directory_recipients', 'directory_departments', 'known_tenants']) {
          await manager.query(`DELETE FROM ${table}`);
        }
      });
      await dataSource.query('DELETE FROM disaster_tenants WHERE tenant_id = $1', [tenant]);
    }
    await dataSource?.destroy();
    await issuer?.stop();
  });

  describe('safety checks', () => {
    let alertId: string;

    it('records an alert sent from the console once, with who sent it from where, and none of its text', async () => {
      const created = await http('POST', '/v1/alerts', adminToken, { title: alertTitle, message: alertMessage, target: { kind: 'all' }, channels: ['email'] });
      expect(created.status).toBe(201);
      alertId = created.body.id;
      const entries = await entriesAbout(alertId);
      expect(entries).toEqual([
        {
          id: expect.stringMatching(/^\d+$/),
          occurredAt: expect.any(String),
          actor: userActor(adminUserId, 'admin'),
          action: 'alert.created',
          target: { type: 'alert', id: alertId },
          details: { drill: false, source: 'manual', targetKind: 'all', channels: ['email'], recipientCount: 1 },
        },
      ]);
      expect(JSON.stringify(entries)).not.toMatch(/監査テスト|監査 太郎|audit@example/);
    });

    it('records nothing for a repeated request (the same Idempotency-Key) or a target that reaches nobody', async () => {
      const headers = { 'idempotency-key': `audit-${randomUUID()}` };
      const first = await bearerJsonRequest(baseUrl, 'POST', '/v1/alerts', adminToken, { title: alertTitle, message: alertMessage, target: { kind: 'all' } }, headers);
      expect(first.status).toBe(201);
      const added = await entriesAddedBy(async () => {
        const again = await bearerJsonRequest(baseUrl, 'POST', '/v1/alerts', adminToken, { title: alertTitle, message: alertMessage, target: { kind: 'all' } }, headers);
        expect(again.status).toBe(200);
        const nobody = await http('POST', '/v1/alerts', adminToken, { title: alertTitle, message: alertMessage, target: { kind: 'prefectures', prefectureCodes: ['47'] } });
        expect(nobody.status).toBe(422);
      });
      expect(added).toEqual([]);
      expect((await entriesAbout(first.body.id)).map((entry) => entry.action)).toEqual(['alert.created']);
    });

    it('records a manual re-send with its round, and a close once however often it is asked', async () => {
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, ownerToken, {})).status).toBe(202);
      expect((await http('POST', `/v1/alerts/${alertId}/close`, adminToken)).status).toBe(200);
      expect((await http('POST', `/v1/alerts/${alertId}/close`, adminToken)).status).toBe(200);
      // A closed alert refuses a re-send (409): nothing is recorded for it.
      expect((await http('POST', `/v1/alerts/${alertId}/resend`, ownerToken, {})).status).toBe(409);
      const entries = await entriesAbout(alertId);
      expect(entries.map(({ actor, action, target, details }) => ({ actor, action, target, details }))).toEqual([
        { actor: userActor(adminUserId, 'admin'), action: 'alert.closed', target: { type: 'alert', id: alertId }, details: { reason: 'closed-by-staff' } },
        { actor: userActor(ownerUserId, 'owner'), action: 'alert.resent', target: { type: 'alert', id: alertId }, details: { round: 2, departmentCount: null, recipientCount: null } },
        expect.objectContaining({ action: 'alert.created' }),
      ]);
    });

    it('names an internal gRPC caller as a service, and the scheduler as a system job when it widens and closes', async () => {
      const command = createAlertCommandSchema.parse({ title: alertTitle, message: alertMessage, target: { kind: 'departments', departmentIds: [sales] }, widenToAllAfterMinutes: 10, drill: true });
      const { alert } = await createAlert.execute({ tenantId, createdBy: 'bousai-gateway:operator-7', source: 'internal', recipientCount: 1 }, command);
      await inTenant(tenantId, (manager) => widenToEveryone(manager, tenantId, alert.id, new Date()));
      await inTenant(tenantId, (manager) => closeAlert(manager, tenantId, alert.id, 'time-up', ALERT_SCHEDULER_ACTOR, new Date()));
      const entries = await entriesAbout(alert.id);
      const scheduler = { kind: 'system', id: 'alert-scheduler', role: null, ip: null };
      expect(entries.map(({ actor, action, details }) => ({ actor, action, details }))).toEqual([
        { actor: scheduler, action: 'alert.closed', details: { reason: 'time-up' } },
        { actor: scheduler, action: 'alert.widened', details: {} },
        {
          actor: { kind: 'service', id: 'bousai-gateway:operator-7', role: null, ip: null },
          action: 'alert.created',
          details: { drill: true, source: 'internal', targetKind: 'departments', channels: ['email'], recipientCount: 1 },
        },
      ]);
    });
  });

  describe('dispatch settings', () => {
    const sms = { baseUrl: 'https://api.twilio.example', accountSid: 'AC0123456789', authToken: smsToken, from: '+815012345678' };

    it('records which channel fields changed, never a credential', async () => {
      expect((await http('PUT', '/v1/channel-settings/sms', ownerToken, sms)).status).toBe(200);
      expect((await http('PUT', '/v1/channel-settings/sms', ownerToken, { ...sms, authToken: rotatedSmsToken })).status).toBe(200);
      // Refused (a short token): nothing saved, nothing recorded.
      expect((await http('PUT', '/v1/channel-settings/sms', ownerToken, { ...sms, authToken: 'short' })).status).toBe(400);
      expect((await http('DELETE', '/v1/channel-settings/sms', ownerToken)).status).toBe(204);
      const entries = await entriesAbout('sms');
      expect(entries.map(({ actor, action, target, details }) => ({ actor, action, target, details }))).toEqual([
        { actor: userActor(ownerUserId, 'owner'), action: 'channel_settings.removed', target: { type: 'channel_settings', id: 'sms' }, details: { channel: 'sms', changedFields: ['accountSid', 'authToken', 'baseUrl', 'from'] } },
        { actor: userActor(ownerUserId, 'owner'), action: 'channel_settings.changed', target: { type: 'channel_settings', id: 'sms' }, details: { channel: 'sms', changedFields: ['authToken'] } },
        { actor: userActor(ownerUserId, 'owner'), action: 'channel_settings.changed', target: { type: 'channel_settings', id: 'sms' }, details: { channel: 'sms', changedFields: ['accountSid', 'authToken', 'baseUrl', 'from'] } },
      ]);
      const everything = JSON.stringify((await http('GET', '/v1/audit-log?limit=500', ownerToken)).body);
      expect(everything).not.toContain(smsToken);
      expect(everything).not.toContain(rotatedSmsToken);
      const stored = JSON.stringify(await inTenant(tenantId, (manager) => manager.query('SELECT details FROM dispatch_audit_log')));
      expect(stored).not.toContain(smsToken);
      expect(stored).not.toContain(rotatedSmsToken);
    });

    it('records a saved and a reset question set with the number of questions; a refused set leaves nothing', async () => {
      const added = await entriesAddedBy(async () => {
        expect((await http('PUT', '/v1/question-set', adminToken, { questions: [] })).status).toBe(400);
        expect((await http('PUT', '/v1/question-set', adminToken, { questions: defaultQuestionSet.slice(0, 1) })).status).toBe(200);
        expect((await http('DELETE', '/v1/question-set', adminToken)).status).toBe(200);
      });
      expect(added).toEqual([
        { action: 'question_set.reset', target_id: null },
        { action: 'question_set.saved', target_id: null },
      ]);
      const [reset, saved] = (await http('GET', '/v1/audit-log?limit=2', adminToken)).body.items as AuditItem[];
      expect(saved).toMatchObject({ actor: userActor(adminUserId, 'admin'), target: { type: 'question_set', id: null }, details: { questionCount: 1 } });
      expect(reset).toMatchObject({ actor: userActor(adminUserId, 'admin'), details: { questionCount: defaultQuestionSet.length } });
    });

    it('records saved message templates by language, and saving none as a reset; refused texts leave nothing', async () => {
      const texts = { subject: '【安否確認】{{alertTitle}}', body: '{{name}} 様\n{{alertBody}}\n{{answerUrl}}', shortBody: '{{alertTitle}} {{answerUrl}}' };
      const added = await entriesAddedBy(async () => {
        expect((await http('PUT', '/v1/message-templates', adminToken, { ja: { ...texts, body: 'no link' } })).status).toBe(400);
        expect((await http('PUT', '/v1/message-templates', adminToken, { ja: texts })).status).toBe(200);
        expect((await http('PUT', '/v1/message-templates', adminToken, {})).status).toBe(200);
      });
      expect(added).toEqual([
        { action: 'message_templates.reset', target_id: null },
        { action: 'message_templates.saved', target_id: null },
      ]);
      const [reset, saved] = (await http('GET', '/v1/audit-log?limit=2', adminToken)).body.items as AuditItem[];
      expect(saved).toMatchObject({ actor: userActor(adminUserId, 'admin'), target: { type: 'message_templates', id: null }, details: { languages: ['ja'] } });
      expect(reset).toMatchObject({ details: { languages: [] } });
      expect(JSON.stringify([saved, reset])).not.toContain('安否確認');
    });

    it('records disaster rules created, changed (which fields) and removed, without their names or texts', async () => {
      const rule = { hazard: 'earthquake', minIntensity: '6-', name: '監査ルール 東京', prefectureCodes: ['13'], title: '監査ルール地震', message: '監査ルール: 回答してください' };
      const created = await http('POST', '/v1/disaster-rules', ownerToken, rule);
      expect(created.status).toBe(201);
      const ruleId: string = created.body.id;
      expect((await http('PUT', `/v1/disaster-rules/${ruleId}`, ownerToken, { ...rule, minIntensity: '5+', enabled: false })).status).toBe(200);
      expect((await http('PUT', `/v1/disaster-rules/${randomUUID()}`, ownerToken, rule)).status).toBe(404);
      expect((await http('DELETE', `/v1/disaster-rules/${ruleId}`, ownerToken)).status).toBe(204);
      const entries = await entriesAbout(ruleId);
      const common = { hazard: 'earthquake', channels: ['email'], includeDrills: false };
      expect(entries.map(({ actor, action, target, details }) => ({ actor, action, target, details }))).toEqual([
        { actor: userActor(ownerUserId, 'owner'), action: 'disaster_rule.removed', target: { type: 'disaster_rule', id: ruleId }, details: { ...common, enabled: false, keptDisabled: false } },
        { actor: userActor(ownerUserId, 'owner'), action: 'disaster_rule.changed', target: { type: 'disaster_rule', id: ruleId }, details: { ...common, enabled: false, changedFields: ['enabled', 'minIntensity'] } },
        { actor: userActor(ownerUserId, 'owner'), action: 'disaster_rule.created', target: { type: 'disaster_rule', id: ruleId }, details: { ...common, enabled: true } },
      ]);
      expect(JSON.stringify(entries)).not.toContain('監査ルール');
    });
  });

  describe('reading the log', () => {
    it('is for owners and admins only', async () => {
      for (const role of ['department_admin', 'member'] as const) {
        const token = await issuer.token(tenantId, role, role === 'department_admin' ? [sales] : []);
        expect((await http('GET', '/v1/audit-log', token)).status).toBe(403);
      }
    });

    it("never shows one tenant another tenant's entries", async () => {
      const otherOwner = await issuer.token(otherTenantId, 'owner');
      const created = await http('POST', '/v1/alerts', otherOwner, { title: alertTitle, message: alertMessage, target: { kind: 'all' } });
      expect(created.status).toBe(201);
      const otherItems: AuditItem[] = (await http('GET', '/v1/audit-log?limit=500', otherOwner)).body.items;
      expect(otherItems.map((item) => item.target.id)).toEqual([created.body.id]);
      const ownIds = new Set(((await http('GET', '/v1/audit-log?limit=500', adminToken)).body.items as AuditItem[]).map((item) => item.id));
      expect(ownIds.has(otherItems[0].id)).toBe(false);
      expect(await entriesAbout(created.body.id)).toEqual([]);
    });

    it('filters by action, and pages newest first by cursor without gaps or repeats', async () => {
      const closed: AuditItem[] = (await http('GET', '/v1/audit-log?action=alert.closed', adminToken)).body.items;
      expect(closed).toHaveLength(2);
      expect(closed.every((item) => item.action === 'alert.closed')).toBe(true);

      const all: AuditItem[] = (await http('GET', '/v1/audit-log?limit=500', adminToken)).body.items;
      expect(all.length).toBeGreaterThan(10);
      const paged: AuditItem[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: DispatchAuditLogPage } = await http('GET', `/v1/audit-log?limit=3${cursor ? `&cursor=${cursor}` : ''}`, adminToken);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(3);
        paged.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(paged).toEqual(all);
      const ids = all.map((item) => BigInt(item.id));
      expect(ids.every((id, index) => index === 0 || id < ids[index - 1])).toBe(true);
    });

    it('refuses a query it does not know, with 400', async () => {
      expect((await http('GET', '/v1/audit-log?cursor=abc', adminToken)).status).toBe(400);
      expect((await http('GET', '/v1/audit-log?limit=0', adminToken)).status).toBe(400);
      expect((await http('GET', '/v1/audit-log?tenantId=x', adminToken)).status).toBe(400);
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE, even to the table owner', async () => {
    // The migrations' role, which owns the table; quiet, since its refused statements are the point.
    const owner = await new DataSource({ ...buildDataSourceOptions(config, alertDispatchServiceDatabase, 'migration'), logging: false }).initialize();
    try {
      for (const statement of ["UPDATE dispatch_audit_log SET action = 'alert.created'", 'DELETE FROM dispatch_audit_log', 'TRUNCATE dispatch_audit_log']) {
        await expect(
          owner.transaction(async (manager) => {
            await bindTenant(manager, tenantId);
            await manager.query(statement);
          }),
        ).rejects.toThrow(/dispatch_audit_log is append-only/);
      }
      const [{ owner: tableOwner }]: { owner: string }[] = await owner.query(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'dispatch_audit_log'`);
      const [{ me }]: { me: string }[] = await owner.query('SELECT current_user AS me');
      expect(me).toBe(tableOwner);
    } finally {
      await owner.destroy();
    }
    expect((await storedEntries(tenantId)).length).toBeGreaterThan(10);
  });
});
