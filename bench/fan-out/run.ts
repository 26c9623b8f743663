/**
 * Fan-out benchmark: from a created alert to every delivery persisted (with its
 * `deliveries.requested` and `answer-links.issued` events in the outbox), for N recipients,
 * with the real FanOutWorker on the real dispatch database, as the application role.
 *
 *   node -r @swc-node/register bench/fan-out/run.ts --recipients 100000 [--workers 1]
 *
 * It creates a throwaway tenant (random id) with N employees in dispatch's directory
 * projection (contacts sealed as tenant-service seals them), measures, checks that every
 * recipient got exactly one delivery, and deletes everything it created.
 */
import 'reflect-metadata';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../../apps/alert-dispatch-service/src/alerts/create-alert.command';
import { CreateAlert } from '../../apps/alert-dispatch-service/src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../../apps/alert-dispatch-service/src/answer-links/answer-token';
import { alertDispatchServiceConfigSchema } from '../../apps/alert-dispatch-service/src/config';
import { alertDispatchServiceDatabase } from '../../apps/alert-dispatch-service/src/database';
import { FanOutWorker } from '../../apps/alert-dispatch-service/src/fan-out/fan-out-worker';
import { queueFanOut } from '../../apps/alert-dispatch-service/src/fan-out/start-fan-out';
import { ProjectedRecipientSource } from '../../apps/alert-dispatch-service/src/recipients/projected-recipient-source';
import { fanOutFinished } from '../../apps/alert-dispatch-service/test/dispatch-database-support';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

async function main() {
  const recipients = argument('recipients', 100_000);
  const workers = argument('workers', 1);
  if (!(recipients > 0 && recipients <= 2_000_000)) throw new Error('--recipients must be 1..2,000,000');
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: String(2 + workers * 2) }));
  const dataSource = await new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase)).initialize();
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tenantId = randomUUID();
  let alertId: string | undefined;
  try {
    const fillStarted = performance.now();
    for (let offset = 0; offset < recipients; offset += 5_000) {
      const ids = Array.from({ length: Math.min(5_000, recipients - offset) }, () => randomUUID());
      const sealed = ids.map((id, index) =>
        sealer.seal(tenantId, id, { nameKanji: `社員 ${offset + index}`, nameKana: 'シャイン', companyEmail: `e${offset + index}@bench.example`, privateEmails: [], mobilePhone: '+819012345678' }),
      );
      await runInTenantTransaction(dataSource, tenantId, (manager) =>
        manager.query(
          `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, work_prefecture, contact_ciphertext)
           SELECT $1, id, true, 'ja', '13', sealed FROM unnest($2::uuid[], $3::text[]) AS t(id, sealed)`,
          [tenantId, ids, sealed],
        ),
      );
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;

    const command = createAlertCommandSchema.parse({ title: 'bench', message: 'bench', target: { kind: 'all' }, resend: { intervalMinutes: 15, maxRounds: 0 } });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const { alert } = await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'bench', source: 'internal' }, command);
    alertId = alert.id;
    await runInTenantTransaction(dataSource, tenantId, (manager) => queueFanOut(manager, tenantId, alert.id, 1));
    const pool = Array.from(
      { length: workers },
      () =>
        new FanOutWorker(dataSource, ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)), new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY), pino({ level: 'silent' }), new Registry(), {
          pageSize: config.FAN_OUT_PAGE_SIZE,
          concurrency: config.FAN_OUT_CONCURRENCY,
          idlePollMs: 50,
          answerGraceMs: 0,
        }),
    );
    let peakRss = rssBefore;
    const done = () => fanOutFinished(dataSource, alert.id);
    await Promise.all(
      pool.map(async (worker) => {
        while (!(await done())) {
          await worker.processNextPage();
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const [{ n, distinct }] = await runInTenantTransaction(dataSource, tenantId, (manager) =>
      manager.query('SELECT count(*)::int AS n, count(DISTINCT recipient_id)::int AS distinct FROM deliveries WHERE alert_id = $1', [alert.id]),
    );
    const [{ pages }] = await dataSource.query(`SELECT count(*)::int AS pages FROM outbox WHERE envelope->>'type' = 'deliveries.requested' AND envelope->'payload'->>'alertId' = $1`, [alert.id]);
    const ok = n === recipients && distinct === recipients;
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          command: `node -r @swc-node/register bench/fan-out/run.ts ${process.argv.slice(2).join(' ')}`,
          machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
          recipients,
          workers,
          fillSeconds: Number(fillSeconds.toFixed(1)),
          fanOutSeconds: Number(seconds.toFixed(2)),
          recipientsPerSecond: Math.round(recipients / seconds),
          deliveriesPersisted: n,
          pagesAnnounced: pages,
          peakRssMiB: Math.round(peakRss / 2 ** 20),
          rssGrowthMiB: Math.round((peakRss - rssBefore) / 2 ** 20),
          verified: ok,
        },
        null,
        2,
      ),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    if (alertId) {
      await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [alertId]);
      await dataSource.query('DELETE FROM fan_out_jobs WHERE alert_id = $1', [alertId]);
      await dataSource.query('DELETE FROM alert_schedule WHERE alert_id = $1', [alertId]);
    }
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.query('DELETE FROM deliveries');
      await manager.query('DELETE FROM alerts');
      await manager.query('DELETE FROM directory_recipients');
    });
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
