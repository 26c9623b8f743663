import { loadConfig } from '@anpi/config';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, ScratchDatabase, undoMigrationsThrough } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { countDeliveriesByState, measureAlertProgress } from '../src/delivery/alert-progress';
import { cancelQueuedDeliveriesOfRecipient } from '../src/resend/responses.controller';
import { openScratchDispatchDatabase } from './dispatch-database-support';

type CountKey = { channel: string; state: string; n: number };

/** What the counts must equal: the deliveries themselves, counted the slow way. */
const countedByReading = (manager: EntityManager, alertId: string): Promise<CountKey[]> =>
  manager.query(
    `SELECT coalesce(channel_used, channel_order[1]) AS channel, state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [alertId],
  );
const keptCounts = (manager: EntityManager, alertId: string): Promise<CountKey[]> =>
  manager.query(
    `SELECT channel, state, sum(deliveries)::int AS n FROM delivery_counts WHERE alert_id = $1 GROUP BY 1, 2 HAVING sum(deliveries) <> 0 ORDER BY 1, 2`,
    [alertId],
  );

/**
 * Delivery and answer counts kept by the database as rows change (migration 1765300000000): exact
 * through concurrent writers of every kind, as the service's own role under RLS; the answerer's
 * look-up by key; updates that touch no index; and the migration's backfill, down and up again.
 */
describe('delivery counts (real PostgreSQL)', () => {
  describe('on the service database, as the service role', () => {
    const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '8' }));
    const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
    const tenantId = randomUUID();
    let alertId: string;
    const recipients = Array.from({ length: 600 }, () => randomUUID());
    const inTenant = <T>(work: (manager: EntityManager) => Promise<T>) => runInTenantTransaction(dataSource, tenantId, work);

    beforeAll(async () => {
      await dataSource.initialize();
      const command = createAlertCommandSchema.parse({ title: '安否確認', message: '回答してください', target: { kind: 'all' }, channels: ['email', 'sms'] });
      alertId = (await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'test', source: 'manual' }, command)).alert.id;
    });

    afterAll(async () => {
      await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
      await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
      await inTenant(async (manager) => {
        for (const table of ['deliveries', 'delivery_counts', 'responded_recipients', 'responded_counts', 'alerts']) await manager.query(`DELETE FROM ${table}`);
      });
      await dataSource.destroy();
    });

    it('stay equal to the deliveries through concurrent fan-out pages, claims, outcomes, cancellations and deletes', async () => {
      // Six fan-out pages at once; half the people are asked by e-mail then SMS, half by webhook.
      await Promise.all(
        Array.from({ length: 6 }, (_, page) =>
          inTenant((manager) =>
            manager.query(
              `INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order)
               SELECT gen_random_uuid(), $1, $2, 1, r, CASE WHEN $4 THEN '{email,sms}'::text[] ELSE '{webhook}'::text[] END FROM unnest($3::uuid[]) AS r`,
              [tenantId, alertId, recipients.slice(page * 100, (page + 1) * 100), page % 2 === 0],
            ),
          ),
        ),
      );
      const ids: string[] = (await inTenant((manager) => manager.query('SELECT id FROM deliveries WHERE alert_id = $1 ORDER BY recipient_id', [alertId]))).map(
        (row: { id: string }) => row.id,
      );

      // Thirty "senders" at once, each on its own slice, doing what a chunk does in one transaction:
      // record the last chunk's outcomes (some on the fallback channel), claim the next chunk,
      // and now and then touch rows without changing what is counted, or delete one.
      await Promise.all(
        Array.from({ length: 30 }, (_, sender) =>
          inTenant(async (manager) => {
            const slice = ids.slice(sender * 20, (sender + 1) * 20);
            await manager.query(`UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = now() WHERE id = ANY($1::uuid[])`, [slice]);
            await manager.query(
              `UPDATE deliveries d SET state = r.state, channel_used = r.channel, updated_at = now()
               FROM unnest($1::uuid[], $2::text[], $3::text[]) AS r(id, state, channel) WHERE d.id = r.id`,
              [
                slice.slice(0, 12),
                slice.slice(0, 12).map((_, index) => (index % 4 === 3 ? 'failed' : 'sent')),
                slice.slice(0, 12).map((_, index) => (index % 3 === 2 ? 'sms' : sender % 2 === 0 ? 'email' : 'webhook')),
              ],
            );
            await manager.query(`UPDATE deliveries SET state = 'queued' WHERE id = ANY($1::uuid[])`, [slice.slice(12, 16)]);
            await manager.query(`UPDATE deliveries SET attempts = attempts WHERE id = ANY($1::uuid[])`, [slice]);
            if (sender % 5 === 0) await manager.query('DELETE FROM deliveries WHERE id = $1', [slice[19]]);
          }),
        ),
      );
      // Answers arriving meanwhile (some twice) are recorded once and cancel what is still queued for those people.
      await Promise.all(
        [...recipients.slice(0, 200), ...recipients.slice(0, 20)].map((recipientId) =>
          inTenant(async (manager) => {
            await manager.query('INSERT INTO responded_recipients (tenant_id, alert_id, recipient_id, responded_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING', [tenantId, alertId, recipientId]);
            await manager.query(cancelQueuedDeliveriesOfRecipient, [alertId, recipientId]);
          }),
        ),
      );

      const truth = await inTenant((manager) => countedByReading(manager, alertId));
      expect(truth.map((row) => row.state).sort()).toEqual(expect.arrayContaining(['cancelled', 'failed', 'queued', 'sending', 'sent']));
      expect(await inTenant((manager) => keptCounts(manager, alertId))).toEqual(truth);
      const byState = await inTenant((manager) => countDeliveriesByState(manager, alertId));
      expect(byState).toEqual(truth.reduce<Record<string, number>>((sums, row) => ({ ...sums, [row.state]: (sums[row.state] ?? 0) + row.n }), {}));
      expect(Object.values(byState).reduce((sum, n) => sum + n, 0)).toBe(600 - 6);
      // Concurrent writers used more than one shard of each counter.
      const [{ shards }] = await inTenant((manager) => manager.query('SELECT count(DISTINCT shard)::int AS shards FROM delivery_counts WHERE alert_id = $1', [alertId]));
      expect(shards).toBeGreaterThan(1);
    });

    it('feed the progress view, and show nothing of one tenant to another', async () => {
      const truth = await inTenant((manager) => countedByReading(manager, alertId));
      const progress = await inTenant((manager) => measureAlertProgress(manager, alertId, new Date()));
      const total = (state: string) => truth.filter((row) => row.state === state).reduce((sum, row) => sum + row.n, 0);
      expect(progress?.totals).toEqual({ queued: total('queued'), sending: total('sending'), sent: total('sent'), failed: total('failed'), bounced: 0, cancelled: total('cancelled') });
      const channel = (name: string, state: string) => truth.find((row) => row.channel === name && row.state === state)?.n ?? 0;
      expect(progress?.responded).toBe(200);
      expect(progress?.channels.sms).toEqual({ queued: 0, sent: channel('sms', 'sent'), failed: channel('sms', 'failed'), bounced: 0 });
      expect(await runInTenantTransaction(dataSource, randomUUID(), (manager) => countDeliveriesByState(manager, alertId))).toEqual({});
      expect(await runInTenantTransaction(dataSource, randomUUID(), (manager) => measureAlertProgress(manager, alertId, new Date()))).toBeUndefined();
    });

    it("find an answerer's queued deliveries by key, not by reading the alert's", async () => {
      const plan = await inTenant(async (manager) => {
        await manager.query('SET LOCAL enable_seqscan = off');
        const rows: { 'QUERY PLAN': string }[] = await manager.query(`EXPLAIN ${cancelQueuedDeliveriesOfRecipient.replace('$1', `'${alertId}'`).replace('$2', `'${recipients[0]}'`)}`);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
      expect(plan).toContain('deliveries_alert_recipient_round_key');
      expect(plan).toMatch(/Index Cond: \(\(alert_id = '[0-9a-f-]+'::uuid\) AND \(recipient_id = '[0-9a-f-]+'::uuid\)\)/);
    });
  });

  describe('the migrations (scratch database)', () => {
    let database: ScratchDatabase;
    let dataSource: DataSource;
    const tenants = [randomUUID(), randomUUID()];
    const alerts = [randomUUID(), randomUUID()];

    beforeAll(async () => {
      ({ database, dataSource } = await openScratchDispatchDatabase('dispatch_delivery_counts'));
    }, 60_000);

    afterAll(async () => {
      await dataSource?.destroy();
      await database?.drop();
    });

    const envelopeCompression = async (): Promise<string> =>
      (await dataSource.query("SELECT attcompression AS method FROM pg_attribute WHERE attrelid = 'outbox'::regclass AND attname = 'envelope'"))[0].method;

    it('count the deliveries that existed before them, roll back to the old indexes and compression, and store the outbox with lz4', async () => {
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await envelopeCompression()).toBe('l'); // lz4 (migration 1765400000000)
      await undoMigrationsThrough(dataSource, 'OutboxLz41765400000000');
      expect(await envelopeCompression()).toBe(''); // the server's default again
      await dataSource.undoLastMigration({ transaction: 'each' });
      await expect(dataSource.query("SELECT 1 FROM pg_tables WHERE tablename IN ('delivery_counts', 'responded_counts')")).resolves.toEqual([]);
      expect((await dataSource.query("SELECT indexname FROM pg_indexes WHERE tablename = 'deliveries' ORDER BY 1")).map((row: { indexname: string }) => row.indexname)).toEqual([
        'deliveries_alert_id_round_recipient_id_key',
        'deliveries_by_alert_change',
        'deliveries_by_alert_state',
        'deliveries_pkey',
      ]);
      for (const [index, alertId] of alerts.entries()) {
        await dataSource.query(
          `INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order, state, channel_used)
           SELECT gen_random_uuid(), $1, $2, 1, gen_random_uuid(), '{email,sms}', (ARRAY['queued', 'sent', 'sent', 'failed'])[1 + n % 4], CASE WHEN n % 4 = 3 THEN 'sms' END
           FROM generate_series(1, $3) AS n`,
          [tenants[index], alertId, 40 + index * 20],
        );
      }

      await dataSource.query('INSERT INTO responded_recipients (tenant_id, alert_id, recipient_id, responded_at) SELECT $1, $2, gen_random_uuid(), now() FROM generate_series(1, 7)', [tenants[1], alerts[1]]);

      await dataSource.runMigrations({ transaction: 'each' });
      expect(await envelopeCompression()).toBe('l');
      expect(await dataSource.query('SELECT alert_id, responded::int FROM responded_counts')).toEqual([{ alert_id: alerts[1], responded: 7 }]);
      for (const alertId of alerts) {
        expect(await keptCounts(dataSource.manager, alertId)).toEqual(await countedByReading(dataSource.manager, alertId));
      }
      expect(await keptCounts(dataSource.manager, alerts[1])).toEqual([
        { channel: 'email', state: 'queued', n: 15 },
        { channel: 'email', state: 'sent', n: 30 },
        { channel: 'sms', state: 'failed', n: 15 },
      ]);
      expect((await dataSource.query("SELECT indexname FROM pg_indexes WHERE tablename = 'deliveries' ORDER BY 1")).map((row: { indexname: string }) => row.indexname)).toEqual([
        'deliveries_alert_recipient_round_key',
        'deliveries_pkey',
      ]);
      const isolation = await dataSource.query("SELECT relname, relrowsecurity AS enabled, relforcerowsecurity AS forced FROM pg_class WHERE relname IN ('delivery_counts', 'responded_counts', 'deliveries', 'responded_recipients') ORDER BY 1");
      expect(isolation.every((table: { enabled: boolean; forced: boolean }) => table.enabled && table.forced)).toBe(true);
      expect(isolation).toHaveLength(4);
    });

    it("moves a delivery's state without touching an index (HOT updates), counted all the same", async () => {
      const alertId = randomUUID();
      await dataSource.query(
        `INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order) SELECT gen_random_uuid(), $1, $2, 1, gen_random_uuid(), '{webhook}' FROM generate_series(1, 200)`,
        [tenants[0], alertId],
      );
      const hotUpdates = await dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE deliveries SET state = 'sending', attempts = attempts + 1, updated_at = now() WHERE alert_id = $1`, [alertId]);
        const [row] = await manager.query("SELECT pg_stat_get_xact_tuples_updated('deliveries'::regclass)::int AS updated, pg_stat_get_xact_tuples_hot_updated('deliveries'::regclass)::int AS hot");
        return row as { updated: number; hot: number };
      });
      expect(hotUpdates).toEqual({ updated: 200, hot: 200 });
      expect(await keptCounts(dataSource.manager, alertId)).toEqual([{ channel: 'webhook', state: 'sending', n: 200 }]);
    });
  });
});
