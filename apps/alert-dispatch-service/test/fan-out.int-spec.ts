import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, ScratchDatabase, undoMigrationsThrough } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer, hashAnswerToken } from '../src/answer-links/answer-token';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { FanOutWorker, SLICES_PER_LARGE_ROUND } from '../src/fan-out/fan-out-worker';
import { queueFanOut } from '../src/fan-out/start-fan-out';
import { LAST_RECIPIENT_ID } from '../src/fan-out/recipient-ranges';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { fanOutFinished, openScratchDispatchDatabase } from './dispatch-database-support';

/**
 * The fan-out on the real dispatch database as the application role: which recipients a
 * target reaches, deliveries persisted once, ids-only events, resumable after a crash.
 */
describe('fan-out (real PostgreSQL, application role)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '4' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tokens = new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY);
  const recipients = ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const newWorker = (pageSize: number) =>
    new FanOutWorker(dataSource, recipients, tokens, pino({ level: 'silent' }), new Registry(), { pageSize, concurrency: 1, idlePollMs: 50, answerGraceMs: 3_600_000 });
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const sales = randomUUID();
  const salesTokyo = randomUUID(); // a sub-department of sales: employees belong to it directly
  const alertIds: string[] = [];

  /** 250 employees: every 5th works in Miyagi (04); every 3rd is in Tokyo sales; one is disabled. */
  const employees = Array.from({ length: 250 }, (_, index) => ({
    id: randomUUID(),
    workPrefecture: index % 5 === 0 ? '04' : '13',
    homePrefecture: index % 7 === 0 ? '04' : '11',
    departments: index % 3 === 0 ? [salesTokyo] : [],
    active: index !== 1,
    email: `employee${index}@example.test`,
  }));

  beforeAll(async () => {
    await dataSource.initialize();
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      for (const employee of employees) {
        const contact = sealer.seal(tenantId, employee.id, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: employee.email, privateEmails: [], mobilePhone: null });
        await manager.query(
          `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, work_prefecture, home_prefecture, contact_ciphertext)
           VALUES ($1, $2, $3, 'ja', $4, $5, $6, $7)`,
          [tenantId, employee.id, employee.active, employee.departments, employee.workPrefecture, employee.homePrefecture, contact],
        );
      }
    });
    for (const [departmentId, path] of [[sales, [sales]], [salesTokyo, [sales, salesTokyo]]] as const) {
      await runInTenantTransaction(dataSource, tenantId, (manager) =>
        manager.query('INSERT INTO directory_departments (tenant_id, department_id, path) VALUES ($1, $2, $3)', [tenantId, departmentId, path]),
      );
    }
    // Someone in another tenant who matches every target: must never be reached.
    await runInTenantTransaction(dataSource, otherTenantId, (manager) =>
      manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, work_prefecture, contact_ciphertext) VALUES ($1, $2, true, 'ja', '04', 'x')`, [
        otherTenantId,
        randomUUID(),
      ]),
    );
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = ANY($1)`, [alertIds]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE alert_id = ANY($1)', [alertIds]);
    for (const tenant of [tenantId, otherTenantId]) {
      await runInTenantTransaction(dataSource, tenant, async (manager) => {
        await manager.query('DELETE FROM deliveries');
        await manager.query('DELETE FROM directory_recipients');
        await manager.query('DELETE FROM directory_departments');
        await manager.query('DELETE FROM alerts');
      });
    }
    await dataSource.destroy();
  });

  async function alertFor(target: unknown): Promise<string> {
    const command = createAlertCommandSchema.parse({ title: '安否確認', message: '回答してください', target, channels: ['email', 'sms'] });
    const { alert } = await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'test', source: 'manual' }, command);
    alertIds.push(alert.id);
    await runInTenantTransaction(dataSource, tenantId, (manager) => queueFanOut(manager, tenantId, alert.id, 1));
    return alert.id;
  }

  const roundDone = (alertId: string) => fanOutFinished(dataSource, alertId);

  async function runUntilDone(worker: FanOutWorker, alertId: string, maxPages = 1_000): Promise<void> {
    for (let page = 0; page < maxPages; page++) {
      if (await roundDone(alertId)) return;
      await worker.processNextPage();
    }
    throw new Error('fan-out did not finish');
  }

  const deliveriesOf = (alertId: string) =>
    runInTenantTransaction(dataSource, tenantId, (manager) =>
      manager.query('SELECT id, recipient_id, state, channel_order FROM deliveries WHERE alert_id = $1 ORDER BY recipient_id', [alertId]),
    ) as Promise<{ id: string; recipient_id: string; state: string; channel_order: string[] }[]>;

  const eventsOf = (alertId: string, type: string) =>
    dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = $2 AND envelope->'payload'->>'alertId' = $1 ORDER BY id`, [alertId, type]) as Promise<
      { envelope: { tenantId: string; payload: Record<string, unknown> } }[]
    >;

  it('reaches every active employee of the tenant, in pages, once each, and opens the alert', async () => {
    const alertId = await alertFor({ kind: 'all' });
    await runUntilDone(newWorker(100), alertId);
    const deliveries = await deliveriesOf(alertId);
    const expected = employees.filter((employee) => employee.active).map((employee) => employee.id).sort();
    expect(deliveries.map((delivery) => delivery.recipient_id)).toEqual(expected);
    expect(new Set(deliveries.map((delivery) => delivery.state))).toEqual(new Set(['queued']));
    expect(deliveries[0].channel_order).toEqual(['email', 'sms']);

    // The first page is full, so the rest of the round was cut into slices, each paged on its own.
    const requested = await eventsOf(alertId, 'deliveries.requested');
    const pageSizes = requested.map((row) => (row.envelope.payload.deliveryIds as string[]).length);
    expect(pageSizes[0]).toBe(100);
    expect(Math.max(...pageSizes)).toBeLessThanOrEqual(100);
    const [{ slices }] = await dataSource.query('SELECT count(*)::int AS slices FROM fan_out_jobs WHERE alert_id = $1', [alertId]);
    expect(slices).toBe(SLICES_PER_LARGE_ROUND);
    expect(requested.flatMap((row) => row.envelope.payload.deliveryIds as string[]).sort()).toEqual(deliveries.map((delivery) => delivery.id).sort());
    // Ids only: no address, no name ever leaves in an event.
    expect(JSON.stringify(requested)).not.toContain('@example.test');

    const [{ state }] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT state FROM alerts WHERE id = $1', [alertId]));
    expect(state).toBe('open');
  });

  it('announces the hash of each recipient’s answer token, never the token', async () => {
    const alertId = await alertFor({ kind: 'employees', employeeIds: employees.slice(2, 5).map((employee) => employee.id) });
    await runUntilDone(newWorker(100), alertId);
    const [issued] = await eventsOf(alertId, 'answer-links.issued');
    const links = issued.envelope.payload.links as { recipientId: string; tokenHash: string }[];
    expect(links).toHaveLength(3);
    for (const link of links) {
      const token = tokens.tokenFor(alertId, link.recipientId);
      expect(link.tokenHash).toBe(hashAnswerToken(token));
      expect(JSON.stringify(issued)).not.toContain(token);
    }
  });

  it.each([
    ['work prefecture 04', { kind: 'prefectures', prefectureCodes: ['04'], match: 'work' }, (e: (typeof employees)[number]) => e.workPrefecture === '04'],
    ['home prefecture 04', { kind: 'prefectures', prefectureCodes: ['04'], match: 'home' }, (e: (typeof employees)[number]) => e.homePrefecture === '04'],
    [
      'work or home prefecture 04',
      { kind: 'prefectures', prefectureCodes: ['04'], match: 'work_or_home' },
      (e: (typeof employees)[number]) => e.workPrefecture === '04' || e.homePrefecture === '04',
    ],
    ['the sales department with its sub-departments', { kind: 'departments', departmentIds: [sales] }, (e: (typeof employees)[number]) => e.departments.includes(salesTokyo)],
  ])('targets %s exactly', async (_case, target, matches) => {
    const alertId = await alertFor(target);
    await runUntilDone(newWorker(1_000), alertId);
    const reached = (await deliveriesOf(alertId)).map((delivery) => delivery.recipient_id);
    const expected = employees.filter((employee) => employee.active && matches(employee)).map((employee) => employee.id).sort();
    expect(reached).toEqual(expected);
    expect(reached.length).toBeGreaterThan(0);
  });

  it('resumes after a crash mid-fan-out: nobody skipped, nobody twice', async () => {
    const alertId = await alertFor({ kind: 'all' });
    const first = newWorker(40);
    await first.processNextPage();
    await first.processNextPage();
    // "Crash": this worker is gone; the page it would have written next was never committed.
    // A rerun of an already-committed page (e.g. a lost commit acknowledgement) is harmless:
    await dataSource.query('UPDATE fan_out_jobs SET cursor_recipient = NULL WHERE alert_id = $1', [alertId]);
    await runUntilDone(newWorker(40), alertId);
    const reached = (await deliveriesOf(alertId)).map((delivery) => delivery.recipient_id);
    expect(reached).toEqual(employees.filter((employee) => employee.active).map((employee) => employee.id).sort());
    expect(new Set(reached).size).toBe(reached.length);
    const requested = await eventsOf(alertId, 'deliveries.requested');
    const announced = requested.flatMap((row) => row.envelope.payload.deliveryIds as string[]);
    expect(new Set(announced).size).toBe(announced.length);
    expect(announced).toHaveLength(reached.length);
  });

  it('keeps a round that fits in one page in one slice', async () => {
    const alertId = await alertFor({ kind: 'all' });
    await runUntilDone(newWorker(1_000), alertId);
    const requested = await eventsOf(alertId, 'deliveries.requested');
    expect(requested.map((row) => (row.envelope.payload.deliveryIds as string[]).length)).toEqual([employees.filter((employee) => employee.active).length]);
    expect(await dataSource.query('SELECT slice, status FROM fan_out_jobs WHERE alert_id = $1', [alertId])).toEqual([{ slice: 0, status: 'done' }]);
  });

  it('lets several workers fan out one large round together: nobody skipped, nobody twice, the alert opened once the last slice is done', async () => {
    const alertId = await alertFor({ kind: 'all' });
    const workers = [newWorker(10), newWorker(10), newWorker(10), newWorker(10)];
    const alertState = async () =>
      (await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT state FROM alerts WHERE id = $1', [alertId])))[0].state as string;
    // Several pages are written at the same moment, from different slices (the pool has 4 connections).
    const statesSeen = new Set<string>();
    let openedEarly = false;
    await Promise.all(
      workers.map(async (worker) => {
        for (let page = 0; page < 200; page++) {
          // The state first: a slice can finish between the two reads, never un-finish.
          const state = await alertState();
          if (await roundDone(alertId)) break;
          statesSeen.add(state);
          openedEarly ||= state === 'open';
          await worker.processNextPage();
        }
      }),
    );
    expect(await roundDone(alertId)).toBe(true);
    expect(statesSeen).toEqual(new Set(['sending']));
    expect(openedEarly).toBe(false);
    expect(await alertState()).toBe('open');

    const reached = (await deliveriesOf(alertId)).map((delivery) => delivery.recipient_id);
    expect(reached).toEqual(employees.filter((employee) => employee.active).map((employee) => employee.id).sort());
    const announced = (await eventsOf(alertId, 'deliveries.requested')).flatMap((row) => row.envelope.payload.deliveryIds as string[]);
    expect(announced).toHaveLength(reached.length);
    expect(new Set(announced).size).toBe(announced.length);
    const links = (await eventsOf(alertId, 'answer-links.issued')).flatMap((row) => (row.envelope.payload.links as { recipientId: string }[]).map((link) => link.recipientId));
    expect(links.sort()).toEqual(reached);

    const slices: { slice: number; start_after: string | null; through_recipient: string; planned: number }[] = await dataSource.query(
      'SELECT slice, start_after, through_recipient, planned FROM fan_out_jobs WHERE alert_id = $1 ORDER BY slice',
      [alertId],
    );
    expect(slices).toHaveLength(SLICES_PER_LARGE_ROUND);
    // Contiguous ranges up to the last id, and every planned delivery counted in exactly one.
    for (let index = 1; index < slices.length; index++) expect(slices[index].start_after).toBe(slices[index - 1].through_recipient);
    expect(slices.at(-1)!.through_recipient).toBe(LAST_RECIPIENT_ID);
    expect(slices.reduce((sum, slice) => sum + slice.planned, 0)).toBe(reached.length);
  });

  it('does not fan out a closed alert', async () => {
    const alertId = await alertFor({ kind: 'all' });
    await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query(`UPDATE alerts SET state = 'closed' WHERE id = $1`, [alertId]));
    await runUntilDone(newWorker(100), alertId);
    expect(await deliveriesOf(alertId)).toEqual([]);
  });
});

describe('the fan-out slices migration (scratch database)', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    ({ database, dataSource } = await openScratchDispatchDatabase('dispatch_fan_out_slices'));
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('turns each round into its slice 0, and merges slices back into one row per round on the way down', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    await undoMigrationsThrough(dataSource, 'FanOutSlices1765500000000');
    const [tenantId, waiting, finished] = [randomUUID(), randomUUID(), randomUUID()];
    const cursor = randomUUID();
    await dataSource.query(
      `INSERT INTO fan_out_jobs (tenant_id, alert_id, round, status, cursor_recipient, planned) VALUES ($1, $2, 1, 'pending', $4, 1000), ($1, $3, 1, 'done', $4, 7)`,
      [tenantId, waiting, finished, cursor],
    );

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query('SELECT alert_id, slice, start_after, through_recipient, cursor_recipient, status FROM fan_out_jobs ORDER BY planned DESC')).toEqual([
      { alert_id: waiting, slice: 0, start_after: null, through_recipient: LAST_RECIPIENT_ID, cursor_recipient: cursor, status: 'pending' },
      { alert_id: finished, slice: 0, start_after: null, through_recipient: LAST_RECIPIENT_ID, cursor_recipient: cursor, status: 'done' },
    ]);

    // A round cut into slices, one still pending; another whose slices are all done.
    await dataSource.query(
      `INSERT INTO fan_out_jobs (tenant_id, alert_id, round, slice, start_after, through_recipient, cursor_recipient, status, planned)
       VALUES ($1, $2, 1, 1, '7fffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '80000000-0000-0000-0000-000000000000', 'pending', 500),
              ($1, $3, 1, 1, '7fffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff', NULL, 'done', 3)`,
      [tenantId, waiting, finished],
    );
    await dataSource.query(`UPDATE fan_out_jobs SET status = 'done', through_recipient = '7fffffff-ffff-ffff-ffff-ffffffffffff' WHERE slice = 0`);

    await undoMigrationsThrough(dataSource, 'FanOutSlices1765500000000');
    // The unfinished round starts over from its first recipient (re-inserting is a no-op); the finished one stays finished.
    expect(await dataSource.query('SELECT alert_id, round, status, cursor_recipient, planned FROM fan_out_jobs ORDER BY planned DESC')).toEqual([
      { alert_id: waiting, round: 1, status: 'pending', cursor_recipient: null, planned: 1500 },
      { alert_id: finished, round: 1, status: 'done', cursor_recipient: cursor, planned: 10 },
    ]);
    await dataSource.runMigrations({ transaction: 'each' });
  });
});
