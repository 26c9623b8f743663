import { loadConfig } from '@anpi/config';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { AlertScheduler } from '../src/resend/alert-scheduler';

/** Re-send rounds and closing on time, on the real database, with the clock moved by hand. */
describe('alert scheduler (real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '2' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const tenantId = randomUUID();
  const start = new Date('2030-01-01T00:00:00Z');
  const alertIds: string[] = [];

  beforeAll(() => dataSource.initialize());
  afterAll(async () => {
    await dataSource.query('DELETE FROM alert_schedule WHERE alert_id = ANY($1)', [alertIds]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE alert_id = ANY($1)', [alertIds]);
    await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = ANY($1)`, [alertIds]);
    await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('DELETE FROM alerts'));
    await dataSource.destroy();
  });

  const schedulerAt = (minutes: number) => new AlertScheduler(dataSource, pino({ level: 'silent' }), 60_000, () => new Date(start.getTime() + minutes * 60_000));

  async function state(alertId: string) {
    const [alert] = await runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT state, rounds_started FROM alerts WHERE id = $1', [alertId]));
    const jobs: { round: number }[] = await dataSource.query('SELECT round FROM fan_out_jobs WHERE alert_id = $1 ORDER BY round', [alertId]);
    return { ...alert, rounds: jobs.map((job) => job.round) };
  }

  it('asks again every interval up to the maximum, then closes on time', async () => {
    const command = createAlertCommandSchema.parse({
      title: '再送テスト',
      message: '回答してください',
      target: { kind: 'all' },
      resend: { intervalMinutes: 15, maxRounds: 2 },
      autoCloseAfterHours: 1,
    });
    const { alert } = await new CreateAlert(dataSource, () => start).execute({ tenantId, createdBy: 'test', source: 'manual' }, command);
    alertIds.push(alert.id);

    await schedulerAt(10).runDue();
    expect(await state(alert.id)).toMatchObject({ state: 'sending', rounds_started: 1, rounds: [] });

    await schedulerAt(16).runDue();
    expect(await state(alert.id)).toMatchObject({ rounds_started: 2, rounds: [2] });
    await schedulerAt(16).runDue();
    expect((await state(alert.id)).rounds).toEqual([2]);

    await schedulerAt(32).runDue();
    expect(await state(alert.id)).toMatchObject({ rounds_started: 3, rounds: [2, 3] });

    await schedulerAt(50).runDue();
    expect((await state(alert.id)).rounds).toEqual([2, 3]);

    await schedulerAt(61).runDue();
    expect(await state(alert.id)).toMatchObject({ state: 'closed', rounds_started: 3 });
    const [schedule] = await dataSource.query('SELECT count(*)::int AS n FROM alert_schedule WHERE alert_id = $1', [alert.id]);
    expect(schedule.n).toBe(0);
    await schedulerAt(62).runDue();
    const closures = await dataSource.query(`SELECT envelope->'payload' AS payload FROM outbox WHERE envelope->>'type' = 'alert.closed' AND envelope->'payload'->>'alertId' = $1`, [alert.id]);
    expect(closures).toEqual([{ payload: { alertId: alert.id, closedAt: new Date(start.getTime() + 61 * 60_000).toISOString(), reason: 'time-up', closedBy: null } }]);
  });
});
