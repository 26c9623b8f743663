import { GrpcServiceCallers, remoteSigningKeys, ServiceTokenVerifier } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { TokenIssuer, localServiceEnvironment } from '@anpi/testing';
import { credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { alertServiceTransport } from '../src/alerts/alert-service-transport';
import { AlertsGrpcController } from '../src/alerts/alerts-grpc.controller';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { TenantQuestionSetStore } from '../src/question-sets/tenant-question-set.store';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { RECIPIENT_SOURCE } from '../src/recipients/recipient-source';

interface AlertReply {
  alert_id: string;
  state: string;
  closes_at: string;
  deliveries_by_state: Record<string, string>;
  responded: string;
  replayed: boolean;
  drill: boolean;
  rounds_started: number;
}

type Unary = (request: unknown, metadata: Metadata, callback: (error: ServiceError | null, reply: AlertReply) => void) => void;
type AlertServiceClient = { CreateAlert: Unary; GetAlert: Unary; CloseAlert: Unary; close(): void };

const grpcAddress = '127.0.0.1:50153';

/**
 * anpi.dispatch.v1.AlertService over a real gRPC connection: the controller served with the
 * service's transport settings, the real dispatch database (application role, RLS), service
 * tokens signed by a stand-in auth-service and checked against its JWKS.
 */
describe('AlertService over gRPC (real gRPC, real PostgreSQL)', () => {
  const issuer = new TokenIssuer(3551);
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3', ...issuer.serviceEnvironment }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tenantId = randomUUID();
  const emptyTenantId = randomUUID();
  let server: INestMicroservice;
  let client: AlertServiceClient;
  let tenantServiceToken: string;

  const call = (method: 'CreateAlert' | 'GetAlert' | 'CloseAlert', request: Record<string, unknown>, token: string | null = tenantServiceToken) =>
    new Promise<AlertReply>((resolve, reject) => {
      const metadata = new Metadata();
      if (token !== null) metadata.set('authorization', `Bearer ${token}`);
      client[method](request, metadata, (error, reply) => (error ? reject(error) : resolve(reply)));
    });
  const refusal = (method: 'CreateAlert' | 'GetAlert' | 'CloseAlert', request: Record<string, unknown>, token?: string | null) =>
    call(method, request, token).then(
      () => ({ code: status.OK, details: '' }),
      (error: ServiceError) => ({ code: error.code, details: error.details }),
    );
  const request = (overrides: Record<string, unknown> = {}) => ({
    tenant_id: tenantId,
    title: '人事システムからの安否確認',
    message: '{{name}}さん、回答してください。',
    target_json: JSON.stringify({ kind: 'prefectures', prefectureCodes: ['04'] }),
    channels: ['email', 'sms'],
    created_by: 'hr-batch-7',
    ...overrides,
  });
  const alertCount = (tenant = tenantId) => runInTenantTransaction(dataSource, tenant, async (manager) => (await manager.query('SELECT count(*)::int AS n FROM alerts'))[0].n as number);

  beforeAll(async () => {
    await issuer.start();
    await dataSource.initialize();
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      for (const prefecture of ['04', '04', '13']) {
        const employeeId = randomUUID();
        const contact = sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: `${employeeId}@example.test`, privateEmails: [], mobilePhone: null });
        await manager.query(
          `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, work_prefecture, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3, $4)`,
          [tenantId, employeeId, prefecture, contact],
        );
      }
    });
    const verifier = new ServiceTokenVerifier(remoteSigningKeys(config.AUTH_JWKS_URL), { issuer: config.AUTH_TOKEN_ISSUER, serviceName: 'alert-dispatch-service' });
    @Module({
      controllers: [AlertsGrpcController],
      providers: [
        { provide: GrpcServiceCallers, useValue: new GrpcServiceCallers(verifier, new Set(config.ALERT_GRPC_CALLERS), 'create alerts') },
        { provide: CreateAlert, useValue: new CreateAlert(dataSource) },
        { provide: DataSource, useValue: dataSource },
        { provide: RECIPIENT_SOURCE, useValue: ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)) },
      ],
    })
    class AlertServiceTestModule {}
    server = await NestFactory.createMicroservice(AlertServiceTestModule, { ...alertServiceTransport(grpcAddress), logger: false });
    await server.listen();
    const definition = loadSync(GRPC_CONTRACTS.alerts.file, { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true, enums: String });
    const services = loadPackageDefinition(definition) as unknown as {
      anpi: { dispatch: { v1: { AlertService: new (address: string, channelCredentials: ReturnType<typeof credentials.createInsecure>) => AlertServiceClient } } };
    };
    client = new services.anpi.dispatch.v1.AlertService(grpcAddress, credentials.createInsecure());
    tenantServiceToken = await issuer.serviceToken('tenant-service', 'alert-dispatch-service');
  });

  afterAll(async () => {
    client?.close();
    await server?.close();
    // The events this test wrote are not for any running consumer.
    await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
    await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.query('DELETE FROM alerts');
      await manager.query('DELETE FROM directory_recipients');
      await manager.query('DELETE FROM tenant_question_sets');
    });
    await dataSource.destroy();
    await issuer.stop();
  });

  it('creates a sending alert for the tenant in the request, accountable to the calling service, and announces it', async () => {
    const reply = await call('CreateAlert', request({ drill: true, resend_max_rounds: 0, widen_to_all_after_minutes: 45 }));
    expect(reply).toMatchObject({ state: 'sending', replayed: false, drill: true, rounds_started: 1 });
    const [alert] = await runInTenantTransaction(dataSource, tenantId, (manager) =>
      manager.query('SELECT source, created_by, channels, resend_max_rounds, resend_interval_minutes, widen_to_all_after_minutes FROM alerts WHERE id = $1', [reply.alert_id]),
    );
    expect(alert).toEqual({ source: 'internal', created_by: 'tenant-service:hr-batch-7', channels: ['email', 'sms'], resend_max_rounds: 0, resend_interval_minutes: 15, widen_to_all_after_minutes: 45 });
    const [event] = await dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = 'alert.created' AND envelope->'payload'->>'alertId' = $1`, [reply.alert_id]);
    expect(event.envelope).toMatchObject({ tenantId, payload: { alertId: reply.alert_id, source: 'internal', drill: true } });
  });

  it('creates one alert for a repeated idempotency key, and refuses the key for a different alert', async () => {
    const key = `hr-${randomUUID()}`;
    const first = await call('CreateAlert', request({ idempotency_key: key }));
    const again = await call('CreateAlert', request({ idempotency_key: key }));
    expect(again).toMatchObject({ alert_id: first.alert_id, replayed: true });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE envelope->>'type' = 'alert.created' AND envelope->'payload'->>'alertId' = $1`, [first.alert_id]);
    expect(n).toBe(1);
    expect(await refusal('CreateAlert', request({ idempotency_key: key, drill: true }))).toEqual({
      code: status.FAILED_PRECONDITION,
      details: 'this Idempotency-Key was used with a different alert',
    });
  });

  it('answers GetAlert with the alert of that tenant only', async () => {
    const created = await call('CreateAlert', request());
    expect(await call('GetAlert', { tenant_id: tenantId, alert_id: created.alert_id })).toMatchObject({ alert_id: created.alert_id, state: 'sending', replayed: false });
    expect((await refusal('GetAlert', { tenant_id: emptyTenantId, alert_id: created.alert_id })).code).toBe(status.NOT_FOUND);
  });

  it('closes an alert with CloseAlert, accountable to the calling service, once; NOT_FOUND for another tenant', async () => {
    const created = await call('CreateAlert', request());
    expect((await refusal('CloseAlert', { tenant_id: emptyTenantId, alert_id: created.alert_id, closed_by: '' })).code).toBe(status.NOT_FOUND);
    expect((await refusal('CloseAlert', { tenant_id: tenantId, alert_id: 'not-a-uuid', closed_by: '' })).code).toBe(status.INVALID_ARGUMENT);
    expect(await call('CloseAlert', { tenant_id: tenantId, alert_id: created.alert_id, closed_by: 'hr-batch-7' })).toMatchObject({ alert_id: created.alert_id, state: 'closed' });
    expect(await call('CloseAlert', { tenant_id: tenantId, alert_id: created.alert_id, closed_by: 'hr-batch-7' })).toMatchObject({ state: 'closed' });
    const closures = await dataSource.query(`SELECT envelope->'payload' AS payload FROM outbox WHERE envelope->>'type' = 'alert.closed' AND envelope->'payload'->>'alertId' = $1`, [created.alert_id]);
    expect(closures).toEqual([{ payload: { alertId: created.alert_id, closedAt: expect.any(String), reason: 'closed-by-staff', closedBy: 'tenant-service:hr-batch-7' } }]);
  });

  it('refuses callers without a valid service token for this service, or not allowed to create alerts, and creates nothing', async () => {
    const before = await alertCount();
    expect(await refusal('CreateAlert', request(), null)).toEqual({ code: status.UNAUTHENTICATED, details: 'service token required' });
    expect(await refusal('CreateAlert', request(), 'not-a-token')).toEqual({ code: status.UNAUTHENTICATED, details: 'invalid or expired service token' });
    const forAnotherService = await issuer.serviceToken('tenant-service', 'auth-service');
    expect((await refusal('CreateAlert', request(), forAnotherService)).code).toBe(status.UNAUTHENTICATED);
    const notAllowed = await issuer.serviceToken('auth-service', 'alert-dispatch-service');
    expect(await refusal('CreateAlert', request(), notAllowed)).toEqual({ code: status.PERMISSION_DENIED, details: 'auth-service may not create alerts' });
    expect(await alertCount()).toBe(before);
  });

  it.each([
    ['a target that is not JSON', { target_json: '{kind:' }, 'target_json: not valid JSON'],
    ['an unknown target kind', { target_json: JSON.stringify({ kind: 'everyone' }) }, 'target'],
    ['an unknown channel', { channels: ['fax'] }, 'channels.0'],
    ['a tenant id that is not a uuid', { tenant_id: 'acme' }, 'tenant_id'],
    ['a short idempotency key', { idempotency_key: 'abc' }, 'idempotency_key'],
    ['re-sends every minute', { resend_interval_minutes: 1 }, 'resend.intervalMinutes'],
    ['questions that are not a question set', { questions_json: '[]' }, 'questions'],
  ])('refuses %s with INVALID_ARGUMENT naming the field, creating nothing', async (_case, overrides, field) => {
    const before = await alertCount();
    const result = await refusal('CreateAlert', request(overrides));
    expect(result.code).toBe(status.INVALID_ARGUMENT);
    expect(result.details).toContain(field);
    expect(await alertCount()).toBe(before);
  });

  it("asks the company's own question set when questions_json is empty; explicit questions still win", async () => {
    const ownQuestions = [{ id: 'office', kind: 'text' as const, label: { ja: '出社可能な拠点', en: 'Office you can reach' }, required: true, maxLength: 100 }];
    const explicit = [{ id: 'note', kind: 'text' as const, label: { ja: 'メモ', en: 'Note' }, required: false, maxLength: 50 }];
    const questionsOf = async (alertId: string) => (await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT questions FROM alerts WHERE id = $1', [alertId])))[0].questions;
    const store = new TenantQuestionSetStore();
    await runInTenantTransaction(dataSource, tenantId, (manager) => store.save(manager, tenantId, ownQuestions, 'test-admin'));
    try {
      expect(await questionsOf((await call('CreateAlert', request())).alert_id)).toEqual(ownQuestions);
      expect(await questionsOf((await call('CreateAlert', request({ questions_json: JSON.stringify(explicit) }))).alert_id)).toEqual(explicit);
    } finally {
      await runInTenantTransaction(dataSource, tenantId, (manager) => store.remove(manager, tenantId));
    }
  });

  it('refuses a target that reaches nobody with FAILED_PRECONDITION', async () => {
    expect(await refusal('CreateAlert', request({ target_json: JSON.stringify({ kind: 'prefectures', prefectureCodes: ['47'] }) }))).toEqual({
      code: status.FAILED_PRECONDITION,
      details: 'the target reaches nobody: no active employee matches it',
    });
    expect((await refusal('CreateAlert', request({ tenant_id: emptyTenantId, target_json: '{"kind":"all"}' }))).code).toBe(status.FAILED_PRECONDITION);
    expect(await alertCount(emptyTenantId)).toBe(0);
  });
});
