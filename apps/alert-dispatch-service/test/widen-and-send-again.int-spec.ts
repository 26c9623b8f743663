import { Principal } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, waitFor } from '@anpi/testing';
import { ConflictException, ForbiddenException, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../src/answer-links/answer-token';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { FanOutWorker } from '../src/fan-out/fan-out-worker';
import { RecipientFilter, queueFanOut } from '../src/fan-out/start-fan-out';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { AlertScheduler } from '../src/resend/alert-scheduler';
import { sendAgain } from '../src/resend/send-again';

/**
 * Widening an alert to everyone after N minutes, and "send again now" to some or all
 * non-responders — on the real dispatch database (application role, RLS) with the real
 * fan-out worker and scheduler; the clock is moved by hand.
 */
describe('widening to everyone and sending again (real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const worker = new FanOutWorker(dataSource, ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)), new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY), pino({ level: 'silent' }), new Registry(), {
    pageSize: 5,
    concurrency: 1,
    idlePollMs: 50,
    answerGraceMs: 3_600_000,
  });
  const tenantId = randomUUID();
  const start = new Date('2031-03-11T05:46:00Z');
  const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
  const sales = randomUUID();
  const salesMiyagi = randomUUID(); // under sales
  const factory = randomUUID();
  /** e0–e3 work in Miyagi (sales/Miyagi office), e4–e7 in Tokyo (factory), e8–e11 in Osaka (no department). */
  const employees = Array.from({ length: 12 }, (_, index) => ({
    id: randomUUID(),
    prefecture: ['04', '13', '27'][Math.floor(index / 4)],
    departments: [[salesMiyagi], [factory], []][Math.floor(index / 4)],
  }));
  const e = (index: number) => employees[index].id;
  const admin: Principal = { tenantId, userId: randomUUID(), role: 'admin', departmentIds: [] };
  const factoryAdmin: Principal = { tenantId, userId: randomUUID(), role: 'department_admin', departmentIds: [factory] };

  /** Creates an alert and queues its first round, as the `alert.created` consumer does. */
  async function create(body: Record<string, unknown>, clock = () => start) {
    const created = await new CreateAlert(dataSource, clock).execute({ tenantId, createdBy: 'test', source: 'manual' }, createAlertCommandSchema.parse({ title: '地震', message: '回答してください', ...body }));
    await inTenant((manager) => queueFanOut(manager, tenantId, created.alert.id, 1));
    return created;
  }
  const inTenant = <T>(work: Parameters<typeof runInTenantTransaction<T>>[2]) => runInTenantTransaction(dataSource, tenantId, work);
  const recipientsOf = async (alertId: string, round: number) =>
    (await inTenant((manager) => manager.query('SELECT recipient_id FROM deliveries WHERE alert_id = $1 AND round = $2', [alertId, round]))).map((row: { recipient_id: string }) => row.recipient_id).sort();
  const ids = (...indexes: number[]) => indexes.map(e).sort();
  const answered = (alertId: string, ...indexes: number[]) =>
    inTenant(async (manager) => {
      for (const index of indexes) {
        await manager.query('INSERT INTO responded_recipients (tenant_id, alert_id, recipient_id, responded_at) VALUES ($1, $2, $3, now())', [tenantId, alertId, e(index)]);
      }
    });
  const resend = (principal: Principal, alertId: string, filter: RecipientFilter = {}, key?: string) => inTenant((manager) => sendAgain(manager, { principal, ip: null }, alertId, filter, key, new Date()));
  const roundsStarted = async (alertId: string) => (await inTenant((manager) => manager.query('SELECT rounds_started FROM alerts WHERE id = $1', [alertId])))[0].rounds_started as number;

  /** Runs the fan-out until every job of the alert is done (another dispatch process on this database may take pages too). */
  async function fanOut(alertId: string): Promise<void> {
    await waitFor(
      async () => {
        await worker.processNextPage();
        const [{ pending }] = await dataSource.query(`SELECT count(*)::int AS pending FROM fan_out_jobs WHERE alert_id = $1 AND status = 'pending'`, [alertId]);
        return pending === 0;
      },
      { timeoutMs: 30_000, intervalMs: 20, what: 'fan-out finished' },
    );
  }

  beforeAll(async () => {
    await dataSource.initialize();
    await inTenant(async (manager) => {
      for (const employee of employees) {
        const contact = sealer.seal(tenantId, employee.id, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: `${employee.id}@example.test`, privateEmails: [], mobilePhone: null });
        await manager.query(
          `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, work_prefecture, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3, $4, $5)`,
          [tenantId, employee.id, employee.departments, employee.prefecture, contact],
        );
      }
      for (const [departmentId, path] of [[sales, [sales]], [salesMiyagi, [sales, salesMiyagi]], [factory, [factory]]] as const) {
        await manager.query('INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)', [tenantId, departmentId, path]);
      }
    });
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
    await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
    await inTenant(async (manager) => {
      for (const table of ['manual_resends', 'responded_recipients', 'deliveries', 'alerts', 'directory_recipients', 'directory_departments']) await manager.query(`DELETE FROM ${table}`);
    });
    await dataSource.destroy();
  });

  it('asks everyone in the company N minutes after the start, nobody twice, and includes them in later re-sends', async () => {
    const { alert } = await create({ target: { kind: 'prefectures', prefectureCodes: ['04'] }, widenToAllAfterMinutes: 30, resend: { intervalMinutes: 60, maxRounds: 1 } });
    expect(alert.widening).toEqual({ afterMinutes: 30, widenedAt: null });
    await fanOut(alert.id);
    expect(await recipientsOf(alert.id, 1)).toEqual(ids(0, 1, 2, 3));
    await answered(alert.id, 0, 8);

    const scheduler = (minutes: number) => new AlertScheduler(dataSource, pino({ level: 'silent' }), 60_000, () => at(minutes)).runDue();
    await scheduler(29);
    await fanOut(alert.id);
    expect(await recipientsOf(alert.id, 1)).toHaveLength(4);

    await scheduler(31);
    await fanOut(alert.id);
    const [widened] = await inTenant((manager) => manager.query('SELECT widened_at, target FROM alerts WHERE id = $1', [alert.id]));
    expect(widened).toEqual({ widened_at: at(31), target: { kind: 'prefectures', prefectureCodes: ['04'], match: 'work_or_home' } });
    // Everyone once in round 1: the four of Miyagi kept their first delivery, the others got theirs.
    expect(await recipientsOf(alert.id, 1)).toEqual(ids(...employees.keys()));
    const [{ n }] = await inTenant((manager) => manager.query('SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1', [alert.id]));
    expect(n).toBe(12);

    await scheduler(40);
    await fanOut(alert.id);
    expect(await recipientsOf(alert.id, 1)).toHaveLength(12);

    // The re-send round asks every non-responder of the widened round, not only Miyagi.
    await scheduler(61);
    await fanOut(alert.id);
    expect(await recipientsOf(alert.id, 2)).toEqual(ids(1, 2, 3, 4, 5, 6, 7, 9, 10, 11));
  });

  it('widens while a fan-out worker is finishing a slice of round 1, without a deadlock', async () => {
    const { alert } = await create({ target: { kind: 'prefectures', prefectureCodes: ['27'] }, widenToAllAfterMinutes: 30, resend: { intervalMinutes: 60, maxRounds: 0 } });
    await fanOut(alert.id);
    // What FanOutWorker does on a page that finishes a slice: hold the slice, then take the
    // alert's row to open it. The scheduler widens meanwhile; it must wait for the slice
    // before it takes the alert's row, or each would wait for the other (PostgreSQL would
    // abort one with "deadlock detected").
    let sliceHeld!: () => void;
    const holdingSlice = new Promise<void>((resolve) => (sliceHeld = resolve));
    const finishingWorker = inTenant(async (manager) => {
      await manager.query(`SELECT 1 FROM fan_out_jobs WHERE alert_id = $1 AND round = 1 AND slice = 0 FOR UPDATE`, [alert.id]);
      sliceHeld();
      await new Promise((resolve) => setTimeout(resolve, 500)); // the scheduler reaches its wait
      await manager.query('SELECT 1 FROM alerts WHERE id = $1 FOR NO KEY UPDATE', [alert.id]);
    });
    await holdingSlice;
    const widening = new AlertScheduler(dataSource, pino({ level: 'silent' }), 60_000, () => at(31)).runDue();
    await expect(Promise.all([finishingWorker, widening])).resolves.toBeDefined();

    const [{ widened_at }] = await inTenant((manager) => manager.query('SELECT widened_at FROM alerts WHERE id = $1', [alert.id]));
    expect(widened_at).toEqual(at(31));
    await fanOut(alert.id);
    expect(await recipientsOf(alert.id, 1)).toEqual(ids(...employees.keys()));
  });

  it('never widens an alert without the option, nor a closed one', async () => {
    const { alert: plain } = await create({ target: { kind: 'prefectures', prefectureCodes: ['13'] }, resend: { intervalMinutes: 60, maxRounds: 0 } });
    const { alert: closing } = await create({ target: { kind: 'prefectures', prefectureCodes: ['13'] }, widenToAllAfterMinutes: 90, autoCloseAfterHours: 1, resend: { intervalMinutes: 60, maxRounds: 0 } });
    for (const alert of [plain, closing]) await fanOut(alert.id);
    // The closing alert closes at +60 min, before its widening at +90.
    await new AlertScheduler(dataSource, pino({ level: 'silent' }), 60_000, () => at(120)).runDue();
    for (const alert of [plain, closing]) {
      await fanOut(alert.id);
      expect(await recipientsOf(alert.id, 1)).toEqual(ids(4, 5, 6, 7));
    }
    const widenedAt = await inTenant((manager) => manager.query('SELECT widened_at FROM alerts WHERE id = ANY($1)', [[plain.id, closing.id]]));
    expect(widenedAt).toEqual([{ widened_at: null }, { widened_at: null }]);
  });

  describe('send again now', () => {
    let alertId: string;

    beforeAll(async () => {
      ({
        alert: { id: alertId },
      } = await create({ target: { kind: 'all' }, resend: { intervalMinutes: 60, maxRounds: 4 } }, () => new Date()));
      await fanOut(alertId);
      await answered(alertId, 0, 4);
    });

    it('asks only the non-responders of the departments asked for, sub-departments included', async () => {
      const { round } = await resend(admin, alertId, { departmentIds: [sales] });
      await fanOut(alertId);
      expect(await recipientsOf(alertId, round)).toEqual(ids(1, 2, 3));
    });

    it("lets a department admin reach only their own departments' non-responders", async () => {
      const { round } = await resend(factoryAdmin, alertId);
      await fanOut(alertId);
      expect(await recipientsOf(alertId, round)).toEqual(ids(5, 6, 7));

      const before = await roundsStarted(alertId);
      await expect(resend(factoryAdmin, alertId, { departmentIds: [sales] })).rejects.toThrow(ForbiddenException);
      await expect(resend(factoryAdmin, alertId, { departmentIds: [factory, sales] })).rejects.toThrow(ForbiddenException);
      // People outside their departments are filtered out even when named.
      const named = await resend(factoryAdmin, alertId, { recipientIds: [e(1), e(6)] });
      await fanOut(alertId);
      expect(await recipientsOf(alertId, named.round)).toEqual(ids(6));
      expect(await roundsStarted(alertId)).toBe(before + 1);
    });

    it('asks only the named people who have not answered', async () => {
      const { round } = await resend(admin, alertId, { recipientIds: [e(0), e(9)] });
      await fanOut(alertId);
      expect(await recipientsOf(alertId, round)).toEqual(ids(9));
    });

    it('starts one round for a repeated Idempotency-Key and refuses the key for another request', async () => {
      const key = `resend-${randomUUID()}`;
      const first = await resend(admin, alertId, { recipientIds: [e(10)] }, key);
      const again = await resend(admin, alertId, { recipientIds: [e(10)] }, key);
      expect(first.replayed).toBe(false);
      expect(again).toEqual({ round: first.round, replayed: true });
      expect(await roundsStarted(alertId)).toBe(first.round);
      await expect(resend(admin, alertId, { recipientIds: [e(11)] }, key)).rejects.toThrow(UnprocessableEntityException);
      expect(await roundsStarted(alertId)).toBe(first.round);
    });

    it('refuses an unknown alert (404) and a closed one (409)', async () => {
      await expect(resend(admin, randomUUID())).rejects.toThrow(NotFoundException);
      await inTenant((manager) => manager.query(`UPDATE alerts SET state = 'closed' WHERE id = $1`, [alertId]));
      await expect(resend(admin, alertId)).rejects.toThrow(ConflictException);
    });
  });
});
