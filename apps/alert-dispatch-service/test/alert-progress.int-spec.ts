import { loadConfig } from '@anpi/config';
import { AlertProgressV1, alertProgressV1Schema } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../src/answer-links/answer-token';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { measureAlertProgress } from '../src/delivery/alert-progress';
import { ProgressReporter } from '../src/delivery/progress-reporter';
import { FanOutWorker } from '../src/fan-out/fan-out-worker';
import { queueFanOut } from '../src/fan-out/start-fan-out';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { fanOutFinished } from './dispatch-database-support';

/**
 * `alert.progress` on the real dispatch database: per-channel counts, written through the
 * outbox at most once per interval per alert and only when something changed.
 * Sends are recorded with SQL here (the senders have their own tests); the counting is real.
 */
describe('alert progress (real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tenantId = randomUUID();
  const intervalMs = 1_000;
  const reporter = new ProgressReporter(dataSource, pino({ level: 'silent' }), intervalMs);
  let alertId: string;

  const inTenant = <T>(work: Parameters<typeof runInTenantTransaction<T>>[2]) => runInTenantTransaction(dataSource, tenantId, work);
  const progressEvents = async (): Promise<AlertProgressV1[]> =>
    (await dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = 'alert.progress' AND envelope->'payload'->>'alertId' = $1 ORDER BY id`, [alertId])).map(
      (row: { envelope: { payload: unknown } }) => alertProgressV1Schema.parse(row.envelope.payload),
    );
  /** Runs reporter passes until this alert's turn has come (other alerts on this database take turns too). */
  const reportedOnce = async (by: ProgressReporter = reporter) => {
    const [before] = await dataSource.query('SELECT progress_reported_at FROM alert_schedule WHERE alert_id = $1', [alertId]);
    await waitFor(
      async () => {
        await by.reportDue();
        const [after] = await dataSource.query('SELECT progress_reported_at FROM alert_schedule WHERE alert_id = $1', [alertId]);
        return after.progress_reported_at !== null && after.progress_reported_at?.getTime() !== before.progress_reported_at?.getTime();
      },
      { timeoutMs: 20_000, intervalMs: 50, what: 'progress reported' },
    );
  };
  const record = (state: string, channel: string, count: number) =>
    inTenant((manager) =>
      manager.query(
        `UPDATE deliveries SET state = $2, channel_used = $3, updated_at = now() WHERE id IN (SELECT id FROM deliveries WHERE alert_id = $1 AND state = 'queued' ORDER BY id LIMIT $4)`,
        [alertId, state, channel, count],
      ),
    );

  beforeAll(async () => {
    await dataSource.initialize();
    await inTenant(async (manager) => {
      for (let index = 0; index < 8; index += 1) {
        const employeeId = randomUUID();
        const contact = sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: `${employeeId}@example.test`, privateEmails: [], mobilePhone: null });
        await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3)`, [tenantId, employeeId, contact]);
      }
    });
    const command = createAlertCommandSchema.parse({ title: '訓練', message: '回答してください', target: { kind: 'all' }, channels: ['email', 'sms'], drill: true });
    alertId = (await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'test', source: 'manual' }, command)).alert.id;
    await inTenant((manager) => queueFanOut(manager, tenantId, alertId, 1));
    const worker = new FanOutWorker(dataSource, ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)), new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY), pino({ level: 'silent' }), new Registry(), {
      pageSize: 100,
      concurrency: 1,
      idlePollMs: 50,
      answerGraceMs: 0,
    });
    await waitFor(
      async () => {
        await worker.processNextPage();
        return fanOutFinished(dataSource, alertId);
      },
      { timeoutMs: 20_000, intervalMs: 20, what: 'fan-out finished' },
    );
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
    await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
    await inTenant(async (manager) => {
      for (const table of ['responded_recipients', 'deliveries', 'alerts', 'directory_recipients']) await manager.query(`DELETE FROM ${table}`);
    });
    await dataSource.destroy();
  });

  it('reports the queued deliveries per first-choice channel as soon as the alert is sending', async () => {
    await reportedOnce();
    const [first] = await progressEvents();
    expect(first).toMatchObject({
      alertId,
      state: 'open',
      drill: true,
      roundsStarted: 1,
      widened: false,
      totals: { queued: 8, sending: 0, sent: 0, failed: 0, bounced: 0, cancelled: 0 },
      channels: { email: { queued: 8, sent: 0, failed: 0, bounced: 0 } },
      responded: 0,
    });
  });

  it('reports again after the interval with what each channel sent, failed or bounced, and stays quiet while nothing moves', async () => {
    await reporter.reportDue();
    expect(await progressEvents()).toHaveLength(1);

    await record('sent', 'email', 4);
    await record('sent', 'sms', 1);
    await record('bounced', 'email', 1);
    await record('failed', 'sms', 1);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    await reportedOnce();
    const events = await progressEvents();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({
      totals: { queued: 1, sent: 5, failed: 1, bounced: 1 },
      channels: { email: { queued: 1, sent: 4, failed: 0, bounced: 1 }, sms: { queued: 0, sent: 1, failed: 1, bounced: 0 } },
    });

    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    await reportedOnce();
    expect(await progressEvents()).toHaveLength(2);
  });

  it('counts an alert whose count was slow less often: next due after ten times what the count took', async () => {
    const schedule = async () =>
      (await dataSource.query('SELECT progress_reported_at AS reported, progress_due_at AS due FROM alert_schedule WHERE alert_id = $1', [alertId]))[0] as { reported: Date; due: Date };
    const quick = await schedule();
    // Eight deliveries count in a few milliseconds: due again after the interval.
    expect(quick.due.getTime() - quick.reported.getTime()).toBeGreaterThanOrEqual(intervalMs);
    expect(quick.due.getTime() - quick.reported.getTime()).toBeLessThan(4_000);

    // A clock on which every count of deliveries takes 400 ms.
    let monotonic = 0;
    const slowCounts = new ProgressReporter(dataSource, pino({ level: 'silent' }), intervalMs, undefined, undefined, () => (monotonic += 400));
    await record('sent', 'email', 1);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    await reportedOnce(slowCounts);
    const slow = await schedule();
    expect(slow.due.getTime() - slow.reported.getTime()).toBe(4_000);
    expect((await progressEvents()).at(-1)).toMatchObject({ totals: { queued: 0, sent: 6 } });
  });

  it('shows the same counts in the REST view, and nothing for another tenant', async () => {
    const progress = await inTenant((manager) => measureAlertProgress(manager, alertId, new Date()));
    const latest = (await progressEvents()).at(-1);
    expect({ ...progress, measuredAt: undefined }).toEqual({ ...latest, measuredAt: undefined });
    expect(await runInTenantTransaction(dataSource, randomUUID(), (manager) => measureAlertProgress(manager, alertId, new Date()))).toBeUndefined();
  });
});
