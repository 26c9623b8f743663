/**
 * JMA report → alerts benchmark (issue 7), on a scratch copy of the dispatch database (real
 * migrations, application role, RLS on) and a real local SMTP server:
 *
 *   node -r @swc-node/register bench/jma-to-first-message/run.ts first-message [--tenants 1000] [--runs 20] [--sample vxse53|vxse51]
 *   node -r @swc-node/register bench/jma-to-first-message/run.ts all-deliveries [--tenants 1000] [--employees 100000]
 *
 * first-message: T tenants, each with the default rule and two employees (Miyagi, Tokyo). Each
 *   run pushes the 2011-03-11 VXSE53 sample (a new EventID per run) into the intake and measures
 *   until the first e-mail reaches the SMTP server. The service's consumers run concurrently (the
 *   rule engine on disaster.event, the fan-out on alert.created, the senders on
 *   deliveries.requested); here one process plays them all, polling the outbox every 2 ms
 *   instead of going through Kafka.
 * all-deliveries: E employees spread over T tenants and all 47 prefectures; one report with
 *   intensity 7 in every prefecture; measures until every employee has a persisted delivery.
 */
import 'reflect-metadata';
import type { DisasterEventV1 } from '@anpi/contracts';
import { PREFECTURES as PREFECTURE_LIST } from '@anpi/jma-xml';
import { runInTenantTransaction } from '@anpi/persistence';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { queueFanOut } from '../../apps/alert-dispatch-service/src/fan-out/start-fan-out';
import { DisasterTestStack, readJmaExample } from '../../apps/alert-dispatch-service/test/disaster-test-stack';

const TOHOKU = '32-39_11_05_120615_VXSE53.xml';
const PREFECTURES = Array.from({ length: 47 }, (_, index) => String(index + 1).padStart(2, '0'));

// The Tohoku reports: VXSE53 (400 KB, every station) by default; --sample vxse51 for the 震度速報 JMA sends first.
const SAMPLES: Record<string, string> = { vxse53: TOHOKU, vxse51: '32-39_11_01_120615_VXSE51.xml' };
const sampleArgument = () => {
  const index = process.argv.indexOf('--sample');
  const name = SAMPLES[index > 0 ? process.argv[index + 1] : 'vxse53'];
  if (!name) throw new Error('--sample vxse53 | vxse51');
  return name;
};

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

/**
 * Plays one dispatch pod's consumers of the outbox until `done()` says so and nothing is in
 * flight: the rule engine per disaster.event, one fan-out worker (as FanOutWorker runs one page
 * at a time per pod, woken by alert.created), and up to SENDER_CONCURRENCY pages being sent (the
 * pod's share of the deliveries.requested partitions). Rows are taken by deleting them, as a
 * relay marks them: reading "after the highest id seen" would skip a late-committing lower id.
 */
const SENDER_CONCURRENCY = 4;

async function driveConsumers(stack: DisasterTestStack, options: { send: boolean; done: () => Promise<boolean> }): Promise<void> {
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const tracked = work.finally(() => running.delete(tracked));
    running.add(tracked);
  };
  const pages: { tenantId: string; alertId: string; deliveryIds: string[] }[] = [];
  let sending = 0;
  let fanOutBusy = false;
  let fanOutWanted = false;
  const runFanOut = () => {
    fanOutWanted = true;
    if (fanOutBusy) return;
    fanOutBusy = true;
    track(
      (async () => {
        while (fanOutWanted) {
          fanOutWanted = false;
          while (await stack.fanOut.processNextPage());
        }
        fanOutBusy = false;
      })(),
    );
  };
  const sendMore = () => {
    while (sending < SENDER_CONCURRENCY && pages.length > 0) {
      const page = pages.shift()!;
      sending++;
      track(stack.send.execute(page.tenantId, page.alertId, page.deliveryIds).finally(() => {
        sending--;
        sendMore();
      }));
    }
  };
  for (;;) {
    if (running.size === 0 && (await options.done())) return;
    const [rows]: [{ envelope: { type: string; tenantId: string; payload: Record<string, unknown> } }[], number] = await stack.dataSource.query(
      'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox ORDER BY id LIMIT 500) RETURNING envelope',
    );
    for (const { envelope } of rows) {
      if (envelope.type === 'disaster.event') track(stack.engine.evaluate(envelope.payload as unknown as DisasterEventV1));
      if (envelope.type === 'alert.created') {
        await runInTenantTransaction(stack.dataSource, envelope.tenantId, (manager) => queueFanOut(manager, envelope.tenantId, envelope.payload.alertId as string, 1));
        runFanOut();
      }
      if (envelope.type === 'deliveries.requested' && options.send) {
        pages.push({ tenantId: envelope.tenantId, alertId: envelope.payload.alertId as string, deliveryIds: envelope.payload.deliveryIds as string[] });
        sendMore();
      }
    }
    if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The run's report stored, every report evaluated, every queued fan-out finished, no alert.created left unread. */
async function settled(stack: DisasterTestStack, expectedReports: number): Promise<boolean> {
  const [row]: { reports: number; unevaluated: number; pending: number; unread: number }[] = await stack.dataSource.query(
    `SELECT (SELECT count(*) FROM disaster_reports)::int AS reports,
            (SELECT count(*) FROM disaster_reports WHERE evaluated_at IS NULL)::int AS unevaluated,
            (SELECT count(*) FROM fan_out_jobs WHERE status = 'pending')::int AS pending,
            (SELECT count(*) FROM outbox WHERE envelope->>'type' IN ('disaster.event', 'alert.created'))::int AS unread`,
  );
  return row.reports >= expectedReports && row.unevaluated === 0 && row.pending === 0 && row.unread === 0;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function firstMessage(stack: DisasterTestStack, tenants: number, runs: number, sampleName: string): Promise<void> {
  await stack.addTenants(tenants, (index) => [
    { email: `miyagi-${index}@bench.example`, workPrefecture: '04', homePrefecture: null },
    { email: `tokyo-${index}@bench.example`, workPrefecture: '13', homePrefecture: null },
  ]);
  const sample = readJmaExample(sampleName).toString('utf8');
  const latencies: number[] = [];
  for (let run = 0; run < runs; run++) {
    const mailsBefore = stack.mail.mails.length;
    const xml = Buffer.from(sample.replaceAll('<EventID>20110311144640</EventID>', `<EventID>2011031114${String(run).padStart(4, '0')}</EventID>`));
    const started = performance.now();
    let firstAt = 0;
    // The SMTP server records each mail as it arrives; checked every millisecond.
    const watcher = setInterval(() => {
      if (firstAt === 0 && stack.mail.mails.length > mailsBefore) firstAt = performance.now();
    }, 1);
    const consumers = driveConsumers(stack, { send: true, done: () => settled(stack, run + 1) });
    await stack.intake.receive(xml, 'push');
    await consumers;
    clearInterval(watcher);
    latencies.push(firstAt - started);
    process.stdout.write(`run ${run + 1}: first message after ${(firstAt - started).toFixed(0)} ms\n`);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(JSON.stringify({ scenario: 'first-message', sample: sampleName, tenants, runs, p50Ms: Math.round(percentile(sorted, 50)), p90Ms: Math.round(percentile(sorted, 90)), p99Ms: Math.round(percentile(sorted, 99)), maxMs: Math.round(sorted.at(-1)!) }));
}

async function allDeliveries(stack: DisasterTestStack, tenants: number, employees: number): Promise<void> {
  const perTenant = Math.ceil(employees / tenants);
  await stack.addTenants(tenants, (tenantIndex) =>
    Array.from({ length: Math.min(perTenant, employees - tenantIndex * perTenant) }, (_, index) => {
      const n = tenantIndex * perTenant + index;
      return { email: `e${n}@bench.example`, workPrefecture: PREFECTURES[n % 47], homePrefecture: PREFECTURES[(n * 7) % 47] };
    }),
  );
  // Intensity 7 everywhere: the sample's prefecture list replaced by all 47.
  const names = new Map<string, string>(PREFECTURE_LIST.map((prefecture) => [prefecture.code, prefecture.nameJa]));
  const sample = readJmaExample(TOHOKU).toString('utf8');
  const observation = PREFECTURES.map((code) => `<Pref><Name>${names.get(code)}</Name><Code>${code}</Code><MaxInt>7</MaxInt></Pref>`).join('');
  const xml = Buffer.from(sample.replace(/<Observation>[\s\S]*<\/Observation>/, `<Observation><CodeDefine><Type xpath="Pref/Code">地震情報／都道府県等</Type></CodeDefine><MaxInt>7</MaxInt>${observation}</Observation>`));
  const started = performance.now();
  const consumers = driveConsumers(stack, {
    send: false,
    done: () => settled(stack, 1),
  });
  await stack.intake.receive(xml, 'push');
  await consumers;
  const elapsed = performance.now() - started;
  const [{ deliveries }] = await stack.dataSource.query(`SELECT sum(planned)::int AS deliveries FROM fan_out_jobs`);
  const [{ evaluatedMs }] = await stack.dataSource.query(`SELECT round(extract(epoch FROM evaluated_at - received_at) * 1000)::int AS "evaluatedMs" FROM disaster_reports`);
  if (deliveries !== employees) throw new Error(`expected ${employees} deliveries, found ${deliveries}`);
  console.log(JSON.stringify({ scenario: 'all-deliveries', tenants, employees, deliveries, rulesEvaluatedMs: evaluatedMs, allDeliveriesMs: Math.round(elapsed), deliveriesPerSecond: Math.round(deliveries / (elapsed / 1000)) }));
}

async function main() {
  const scenario = process.argv[2];
  const tenants = argument('tenants', 1000);
  if (!['first-message', 'all-deliveries'].includes(scenario)) throw new Error('scenario: first-message | all-deliveries');
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`);
  const stack = await DisasterTestStack.start('anpi_bench_jma', { DB_POOL_SIZE: '12' });
  try {
    if (scenario === 'first-message') await firstMessage(stack, tenants, argument('runs', 20), sampleArgument());
    else await allDeliveries(stack, tenants, argument('employees', 100_000));
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
