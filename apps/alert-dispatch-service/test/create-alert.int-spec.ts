import { loadConfig } from '@anpi/config';
import { buildDataSourceOptions } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';

/** Alert creation on the real dispatch database, as the application role (RLS applies). */
describe('CreateAlert (real PostgreSQL, application role)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '2' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const useCase = new CreateAlert(dataSource, () => new Date('2026-11-26T03:00:00Z'));
  const tenantA = randomUUID();
  const tenantB = randomUUID();
  const command = createAlertCommandSchema.parse({ title: '地震発生 安否確認', message: '{{name}}さん、安否を回答してください。', target: { kind: 'all' } });
  const createdAlertIds: string[] = [];

  beforeAll(() => dataSource.initialize());
  afterAll(async () => {
    // The events this test wrote are not for any running consumer.
    await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = ANY($1)`, [createdAlertIds]);
    await dataSource.destroy();
  });

  it('creates a sending alert with the default questions, closing after 72 h, and announces it', async () => {
    const { alert, replayed } = await useCase.execute({ tenantId: tenantA, createdBy: 'user-1', source: 'manual' }, command);
    createdAlertIds.push(alert.id);
    expect(replayed).toBe(false);
    expect(alert).toMatchObject({ state: 'sending', channels: ['email'], drill: false, closesAt: '2026-11-29T03:00:00.000Z', resend: { intervalMinutes: 15, maxRounds: 4 } });
    expect(alert.questions.map((question) => question.id)).toEqual(['safety', 'can_work', 'location', 'family', 'comment']);
    const [event] = await dataSource.query(`SELECT topic, message_key, envelope FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [alert.id]);
    expect(event).toMatchObject({ topic: 'alert.created', message_key: tenantA });
    expect(event.envelope).toMatchObject({ type: 'alert.created', version: 1, tenantId: tenantA, payload: { alertId: alert.id, source: 'manual', createdBy: 'user-1' } });
  });

  it('creates one alert for a repeated Idempotency-Key and refuses the key for another alert', async () => {
    const key = `alert-${randomUUID()}`;
    const first = await useCase.execute({ tenantId: tenantA, createdBy: 'user-1', source: 'manual' }, command, key);
    const again = await useCase.execute({ tenantId: tenantA, createdBy: 'user-1', source: 'manual' }, command, key);
    createdAlertIds.push(first.alert.id);
    expect(again).toEqual({ alert: first.alert, replayed: true });
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [first.alert.id]);
    expect(n).toBe(1);
    await expect(useCase.execute({ tenantId: tenantA, createdBy: 'user-1', source: 'manual' }, { ...command, drill: true }, key)).rejects.toThrow(
      /Idempotency-Key was used with a different alert/,
    );
  });

  it('keys idempotency per tenant: another tenant may use the same key', async () => {
    const key = `shared-${randomUUID()}`;
    const a = await useCase.execute({ tenantId: tenantA, createdBy: 'u', source: 'manual' }, command, key);
    const b = await useCase.execute({ tenantId: tenantB, createdBy: 'u', source: 'manual' }, command, key);
    createdAlertIds.push(a.alert.id, b.alert.id);
    expect(b.replayed).toBe(false);
    expect(b.alert.id).not.toBe(a.alert.id);
  });

  it("never shows one tenant's alerts to another", async () => {
    const { alert } = await useCase.execute({ tenantId: tenantA, createdBy: 'u', source: 'manual' }, command);
    createdAlertIds.push(alert.id);
    const seenByB = await dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantB]);
      return manager.query('SELECT id FROM alerts WHERE id = $1', [alert.id]);
    });
    expect(seenByB).toEqual([]);
    const seenWithoutTenant = await dataSource.query('SELECT count(*)::int AS n FROM alerts');
    expect(seenWithoutTenant[0].n).toBe(0);
  });
});
