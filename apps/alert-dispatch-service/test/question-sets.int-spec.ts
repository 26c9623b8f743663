import { ACCESS_TOKEN_VERIFIER, AccessRevocations, AccessTokenVerifier, remoteSigningKeys } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, TokenIssuer } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AlertsController } from '../src/alerts/alerts.controller';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { defaultQuestionSet } from '../src/alerts/question-set';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { QuestionSetController } from '../src/question-sets/question-set.controller';
import { TenantQuestionSetStore } from '../src/question-sets/tenant-question-set.store';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { RECIPIENT_SOURCE } from '../src/recipients/recipient-source';
import { MessagePreviews, TenantTemplatesStore } from '../src/templates';
import { bearerJsonRequest, startRestApp } from './rest-support';

const choice = (id: string, ja: string, en: string) => ({ id, label: { ja, en } });

/** A company that also asks which office people can reach, with the defaults' first question kept. */
const ownQuestions = [
  defaultQuestionSet[0],
  { id: 'office', kind: 'choice', label: { ja: '出社可能な拠点', en: 'Office you can reach' }, required: true, choices: [choice('tokyo', '東京', 'Tokyo'), choice('osaka', '大阪', 'Osaka')] },
  { id: 'needs', kind: 'text', label: { ja: '必要な支援', en: 'What do you need?' }, required: false, maxLength: 300 },
];

/**
 * The company's own question set (`/v1/question-set`) over real HTTP with the service's error
 * filter, tokens signed by a stand-in auth-service, the real dispatch database with RLS: who may
 * read and change it, how refusals are named, and that alerts created without questions ask it.
 */
describe('the company question set over REST (real HTTP, real PostgreSQL)', () => {
  const issuer = new TokenIssuer(3553);
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3', ...issuer.serviceEnvironment }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const createAlert = new CreateAlert(dataSource);
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const adminUserId = randomUUID();
  const sales = randomUUID();
  let app: NestFastifyApplication;
  let baseUrl: string;
  let adminToken: string;

  const http = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => bearerJsonRequest(baseUrl, method, path, token, body, headers);

  const storedQuestionsOf = async (tenant: string, alertId: string) =>
    (await runInTenantTransaction(dataSource, tenant, (manager) => manager.query('SELECT questions FROM alerts WHERE id = $1', [alertId])))[0].questions;
  const manualAlert = (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    http('POST', '/v1/alerts', adminToken, { title: '地震', message: '回答してください', target: { kind: 'all' }, ...extra }, headers);

  beforeAll(async () => {
    await issuer.start();
    await dataSource.initialize();
    adminToken = await issuer.token(tenantId, 'admin', [], adminUserId);
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.query('INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)', [tenantId, sales, [sales]]);
      await manager.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, '質問株式会社', 'ja', 'Asia/Tokyo', false)`, [tenantId]);
      const employeeId = randomUUID();
      const contact = sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: 'q@example.test', privateEmails: [], mobilePhone: null });
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
      controllers: [AlertsController, QuestionSetController],
      providers: [
        { provide: ACCESS_TOKEN_VERIFIER, useValue: new AccessTokenVerifier(remoteSigningKeys(issuer.jwksUrl), { issuer: config.AUTH_TOKEN_ISSUER, audience: config.AUTH_TOKEN_AUDIENCE }, revocations) },
        { provide: DataSource, useValue: dataSource },
        { provide: CreateAlert, useValue: createAlert },
        { provide: RECIPIENT_SOURCE, useValue: ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)) },
        { provide: TenantTemplatesStore, useValue: new TenantTemplatesStore() },
        { provide: TenantQuestionSetStore, useValue: new TenantQuestionSetStore() },
        { provide: MessagePreviews, useValue: new MessagePreviews({ answerLinks: { httpsBaseUrl: 'https://anpi.example' }, maxSmsSegments: 3 }) },
      ],
    })
    class QuestionSetTestModule {}
    ({ app, baseUrl } = await startRestApp(QuestionSetTestModule));
  });

  afterAll(async () => {
    await app?.close();
    for (const tenant of [tenantId, otherTenantId]) {
      await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenant]);
      await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenant]);
      await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenant]);
      await runInTenantTransaction(dataSource, tenant, async (manager) => {
        for (const table of ['tenant_question_sets', 'deliveries', 'alerts', 'directory_recipients', 'directory_departments', 'known_tenants']) {
          await manager.query(`DELETE FROM ${table}`);
        }
      });
    }
    await dataSource.destroy();
    await issuer.stop();
  });

  it("shows Anpi's defaults until the company saves its own, to department admins too", async () => {
    const expected = { questions: defaultQuestionSet, own: false, defaults: defaultQuestionSet };
    expect(await http('GET', '/v1/question-set', adminToken)).toMatchObject({ status: 200, body: expected });
    expect(await http('GET', '/v1/question-set', await issuer.token(tenantId, 'department_admin', [sales]))).toMatchObject({ status: 200, body: expected });
  });

  it('saves the set an admin writes, with who saved it, and shows it as the company own', async () => {
    const saved = await http('PUT', '/v1/question-set', adminToken, { questions: ownQuestions });
    const expected = { questions: ownQuestions, own: true, defaults: defaultQuestionSet };
    expect(saved).toMatchObject({ status: 200, body: expected });
    expect(await http('GET', '/v1/question-set', adminToken)).toMatchObject({ status: 200, body: expected });
    const [row] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT updated_by, updated_at FROM tenant_question_sets'));
    expect(row).toEqual({ updated_by: adminUserId, updated_at: expect.any(Date) });
  });

  it('lets department admins read but not change it, and members neither', async () => {
    const departmentAdmin = await issuer.token(tenantId, 'department_admin', [sales]);
    expect((await http('GET', '/v1/question-set', departmentAdmin)).body.own).toBe(true);
    expect((await http('PUT', '/v1/question-set', departmentAdmin, { questions: defaultQuestionSet })).status).toBe(403);
    expect((await http('DELETE', '/v1/question-set', departmentAdmin)).status).toBe(403);
    const member = await issuer.token(tenantId, 'member');
    expect((await http('GET', '/v1/question-set', member)).status).toBe(403);
    expect((await http('PUT', '/v1/question-set', member, { questions: defaultQuestionSet })).status).toBe(403);
    expect((await http('GET', '/v1/question-set', adminToken)).body.questions).toEqual(ownQuestions);
  });

  it('refuses an invalid set with 400 naming each problem by its path, and keeps what was saved', async () => {
    const badLabel = structuredClone(defaultQuestionSet) as { choices?: { label: { en: string } }[] }[];
    badLabel[3].choices![1].label.en = '   ';
    const refused = await http('PUT', '/v1/question-set', adminToken, { questions: badLabel });
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { path: string }) => detail.path)).toEqual(['questions.3.choices.1.label.en']);

    const repeatedChoice = [{ id: 'safety', kind: 'choice', label: { ja: '安否', en: 'Safe?' }, choices: [choice('yes', 'はい', 'Yes'), choice('yes', 'いいえ', 'No')] }];
    expect((await http('PUT', '/v1/question-set', adminToken, { questions: repeatedChoice })).body.details.map((detail: { path: string }) => detail.path)).toEqual(['questions.0.choices']);
    const repeatedQuestion = [ownQuestions[2], ownQuestions[2]];
    expect((await http('PUT', '/v1/question-set', adminToken, { questions: repeatedQuestion })).body.details.map((detail: { path: string }) => detail.path)).toEqual(['questions']);
    expect((await http('PUT', '/v1/question-set', adminToken, { questions: [] })).status).toBe(400);
    expect((await http('PUT', '/v1/question-set', adminToken, { questions: [{ ...ownQuestions[2], id: 'Needs Help' }] })).body.details.map((detail: { path: string }) => detail.path)).toEqual([
      'questions.0.id',
    ]);
    expect((await http('PUT', '/v1/question-set', adminToken, ownQuestions)).status).toBe(400);

    expect((await http('GET', '/v1/question-set', adminToken)).body).toMatchObject({ questions: ownQuestions, own: true });
  });

  it("asks the company's set in a manual alert without questions; explicit questions still win", async () => {
    const withoutQuestions = await manualAlert();
    expect(withoutQuestions.status).toBe(201);
    expect(withoutQuestions.body.questions).toEqual(ownQuestions);
    expect(await storedQuestionsOf(tenantId, withoutQuestions.body.id)).toEqual(ownQuestions);

    const explicit = [{ id: 'ok', kind: 'choice', label: { ja: '大丈夫？', en: 'OK?' }, required: true, choices: [choice('yes', 'はい', 'Yes'), choice('no', 'いいえ', 'No')] }];
    const withQuestions = await manualAlert({ questions: explicit });
    expect(withQuestions.status).toBe(201);
    expect(withQuestions.body.questions).toEqual(explicit);
  });

  it('leaves another company on the defaults', async () => {
    expect((await http('GET', '/v1/question-set', await issuer.token(otherTenantId, 'admin'))).body).toMatchObject({ own: false, questions: defaultQuestionSet });
    const { alert } = await createAlert.execute(
      { tenantId: otherTenantId, createdBy: 'test', source: 'manual' },
      createAlertCommandSchema.parse({ title: '地震', message: '回答してください', target: { kind: 'all' } }),
    );
    expect(alert.questions).toEqual(defaultQuestionSet);
  });

  it('goes back to the defaults on DELETE; alerts already created keep the questions they asked', async () => {
    const key = `question-set-${randomUUID()}`;
    const before = await manualAlert({}, { 'idempotency-key': key });
    expect(before.body.questions).toEqual(ownQuestions);

    const reset = await http('DELETE', '/v1/question-set', adminToken);
    expect(reset).toMatchObject({ status: 200, body: { questions: defaultQuestionSet, own: false, defaults: defaultQuestionSet } });
    expect((await http('GET', '/v1/question-set', adminToken)).body.own).toBe(false);
    expect((await http('DELETE', '/v1/question-set', adminToken)).status).toBe(200);

    expect(await storedQuestionsOf(tenantId, before.body.id)).toEqual(ownQuestions);
    // A request without questions is the same request, whatever the company's set is now.
    const retried = await manualAlert({}, { 'idempotency-key': key });
    expect(retried).toMatchObject({ status: 200, body: { id: before.body.id, questions: ownQuestions } });
    expect((await manualAlert()).body.questions).toEqual(defaultQuestionSet);
  });
});
