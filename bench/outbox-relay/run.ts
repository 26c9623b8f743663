/**
 * Outbox relay benchmark: events/s moved from the PostgreSQL outbox to Kafka by the real
 * OutboxRelay of @anpi/messaging. See bench/outbox-relay/README.md.
 *
 *   node -r @swc-node/register bench/outbox-relay/run.ts [--events 200000] [--batch-sizes 500,2000,5000]
 *        [--runs 3] [--warmup 20000] [--no-phases]
 *
 * Everything it creates is its own and is removed at the end: the database anpi_bench_outbox
 * and the topic bench.outbox-relay. It never touches the services' databases or topics.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Admin, Kafka, Partitioners, Producer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource, QueryRunner } from 'typeorm';
import { OutboxRelay, createKafkaClient, createMessagingTables, defaultOutboxRelayOptions, ensureTopics } from '@anpi/messaging';

// Fixed on purpose: the benchmark can only ever drop what it created.
const BENCH_DATABASE = 'anpi_bench_outbox';
const BENCH_TOPIC = 'bench.outbox-relay';
const PARTITIONS = 12;
const TENANTS = 100;
const MAX_EVENTS = 5_000_000;
const FILL_CHUNK = 250_000;

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PGHOST = process.env.PGHOST ?? '127.0.0.1';
const PGPORT = Number(process.env.PGPORT ?? 5432);
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

interface Args {
  events: number;
  batchSizes: number[];
  runs: number;
  warmup: number;
  phases: boolean;
}

/** Per-batch timings (ms). Phases come from wrapping the query runner and the producer. */
interface BatchSample {
  total: number;
  phases: Record<Phase, number>;
}

const PHASES = ['acquire', 'begin', 'lock', 'select', 'send', 'delete', 'commit', 'release', 'other'] as const;
type Phase = (typeof PHASES)[number];

interface PassResult {
  batchSize: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  batches: number;
  p50: number;
  p99: number;
  max: number;
  phaseMeans: Record<Phase, number>;
  failures: number;
  offsetDelta: number;
  partitionMin: number;
  partitionMax: number;
  loadAvg: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 200_000, batchSizes: [500, 2_000, 5_000], runs: 3, warmup: 20_000, phases: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--events':
        args.events = positiveInt(value(), flag);
        break;
      case '--batch-sizes':
        args.batchSizes = value()
          .split(',')
          .map((s) => positiveInt(s.trim(), flag));
        break;
      case '--runs':
        args.runs = positiveInt(value(), flag);
        break;
      case '--warmup':
        args.warmup = Number(value());
        if (!Number.isInteger(args.warmup) || args.warmup < 0) fail('--warmup must be an integer >= 0');
        break;
      case '--no-phases':
        args.phases = false;
        break;
      case '--help':
      case '-h':
        console.log(
          'usage: node -r @swc-node/register bench/outbox-relay/run.ts [--events N] [--batch-sizes a,b,c] [--runs R] [--warmup N] [--no-phases]',
        );
        process.exit(0);
        break;
      default:
        fail(`unknown argument ${flag}`);
    }
  }
  if (args.events > MAX_EVENTS || args.warmup > MAX_EVENTS) fail(`refusing more than ${MAX_EVENTS} events (keeps the run bounded)`);
  if (args.runs > 20) fail('refusing more than 20 runs');
  // Default options first, then the requested sizes (deduplicated, in order).
  args.batchSizes = [...new Set([defaultOutboxRelayOptions.batchSize, ...args.batchSizes])];
  return args;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n <= 0) fail(`${flag}: "${text}" is not a positive integer`);
  return n;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ------------------------------------------------------------------------------- machine facts

function sh(cmd: string, args: string[]): string {
  const out = spawnSync(cmd, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  return `${out.stdout ?? ''}${out.stderr ?? ''}`.trim();
}

function machineFacts(pgVersion: string): Record<string, string> {
  const cpus = os.cpus();
  const stack = sh('bash', ['scripts/stack', 'status']);
  const kafkaVersion = /kafka\s+up\s+.*\(pid \d+, ([^,)]+)/.exec(stack)?.[1] ?? `unknown (stack status: ${stack.split('\n').find((l) => l.includes('kafka')) ?? 'n/a'})`;
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'libs/messaging'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    if (dirty) commit += ' (libs/messaging has uncommitted changes)';
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    command: `node -r @swc-node/register ${path.relative(REPO_ROOT, __filename)} ${process.argv.slice(2).join(' ')}`.trim(),
    cpu: `${cpus[0]?.model ?? 'unknown'} (${cpus.length} logical cores, ${os.arch()})`,
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    kafka: `Apache Kafka ${kafkaVersion} (single broker, KRaft) at ${BROKERS.join(',')}`,
    kafkajs: requireVersion('kafkajs'),
    typeorm: requireVersion('typeorm'),
    relay: `${path.relative(REPO_ROOT, require.resolve('@anpi/messaging'))} @ ${commit}`,
  };
}

function requireVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// ------------------------------------------------------------------------------------- set-up

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ host: PGHOST, port: PGPORT, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function recreateDatabase(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${BENCH_DATABASE}`);
}

async function dropDatabase(): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
}

async function deleteTopicIfPresent(admin: Admin): Promise<void> {
  if (!(await admin.listTopics()).includes(BENCH_TOPIC)) return;
  await admin.deleteTopics({ topics: [BENCH_TOPIC], timeout: 10_000 });
  const deadline = Date.now() + 30_000;
  while ((await admin.listTopics()).includes(BENCH_TOPIC)) {
    if (Date.now() > deadline) throw new Error(`topic ${BENCH_TOPIC} still listed 30 s after deletion`);
    await sleep(250);
  }
}

async function createTopic(admin: Admin): Promise<void> {
  await deleteTopicIfPresent(admin); // a left-over of an interrupted run
  await ensureTopics(admin, [{ name: BENCH_TOPIC, partitions: PARTITIONS }]);
  const metadata = await admin.fetchTopicMetadata({ topics: [BENCH_TOPIC] });
  const partitions = metadata.topics[0]?.partitions.length ?? 0;
  if (partitions !== PARTITIONS) throw new Error(`topic ${BENCH_TOPIC} has ${partitions} partitions, expected ${PARTITIONS}`);
}

async function topicEndOffsets(admin: Admin): Promise<number[]> {
  const offsets = await admin.fetchTopicOffsets(BENCH_TOPIC);
  return offsets.sort((a, b) => a.partition - b.partition).map((o) => Number(o.high));
}

/**
 * Untimed: fills the outbox with `events` envelopes shaped like real ones (~420 bytes of JSON,
 * uuid event ids, tenantId spread over 100 tenants and used as message_key), then VACUUM
 * ANALYZE + CHECKPOINT so the timed phase starts from a settled table and no fill I/O is pending.
 */
async function fillOutbox(dataSource: DataSource, events: number): Promise<void> {
  await dataSource.query('TRUNCATE outbox');
  for (let from = 1; from <= events; from += FILL_CHUNK) {
    const to = Math.min(events, from + FILL_CHUNK - 1);
    await dataSource.query(
      `INSERT INTO outbox (event_id, topic, message_key, envelope)
       SELECT ev.id, $1, ev.tenant, jsonb_build_object(
         'eventId', ev.id,
         'type', 'response.recorded',
         'version', 1,
         'tenantId', ev.tenant,
         'occurredAt', to_char(ev.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'payload', jsonb_build_object(
           'alertId', md5('bench-alert-' || (ev.g % 1000))::uuid,
           'employeeId', md5('bench-employee-' || ev.g)::uuid,
           'status', (ARRAY['safe', 'safe', 'safe', 'injured', 'needs-help'])[1 + ev.g % 5],
           'channel', (ARRAY['email', 'sms', 'line', 'web'])[1 + ev.g % 4],
           'answeredAt', to_char(ev.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'comment', 'At home, family safe.'))
       FROM (SELECT g, gen_random_uuid() AS id,
                    md5('bench-tenant-' || (g % ${TENANTS}))::uuid::text AS tenant,
                    (now() AT TIME ZONE 'UTC') - make_interval(secs => g) AS at
             FROM generate_series($2::int, $3::int) AS g) AS ev
       ORDER BY ev.g`,
      [BENCH_TOPIC, from, to],
    );
  }
  await dataSource.query('VACUUM ANALYZE outbox');
  await dataSource.query('CHECKPOINT');
}

// ---------------------------------------------------------------------------- instrumentation

/**
 * Times each relayBatch() call and, with phases on, each step inside it, without touching the
 * library: the DataSource hands out query runners whose query() is timed (BEGIN, advisory lock,
 * SELECT, DELETE, COMMIT are all query() calls), and the producer's sendBatch() is timed.
 * "other" is what is left of the batch: JSON.parse + grouping in groupByTopic, and awaits.
 */
class Instrumentation {
  readonly samples: BatchSample[] = [];
  private current: Record<Phase, number> | undefined;

  constructor(private readonly phases: boolean) {}

  wrapDataSource(dataSource: DataSource): DataSource {
    if (!this.phases) return dataSource;
    const create = dataSource.createQueryRunner.bind(dataSource);
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    return new Proxy(dataSource, {
      get(target, prop, receiver) {
        if (prop === 'createQueryRunner') {
          return (...args: Parameters<DataSource['createQueryRunner']>) => self.wrapQueryRunner(create(...args));
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  private wrapQueryRunner(queryRunner: QueryRunner): QueryRunner {
    const query = queryRunner.query.bind(queryRunner);
    const connect = queryRunner.connect.bind(queryRunner);
    const release = queryRunner.release.bind(queryRunner);
    queryRunner.query = (async (sql: string, ...rest: unknown[]) => {
      const t0 = performance.now();
      try {
        return await (query as (...a: unknown[]) => Promise<unknown>)(sql, ...rest);
      } finally {
        this.add(classify(sql), performance.now() - t0);
      }
    }) as QueryRunner['query'];
    // query() itself calls connect() again (a no-op then); only the first call checks out a connection.
    let acquired = false;
    queryRunner.connect = async () => {
      if (acquired) return connect();
      acquired = true;
      return this.timed('acquire', connect);
    };
    queryRunner.release = async () => this.timed('release', release);
    return queryRunner;
  }

  wrapProducer(producer: Producer): Producer {
    if (!this.phases) return producer;
    const sendBatch = producer.sendBatch.bind(producer);
    return { ...producer, sendBatch: async (batch) => this.timed('send', () => sendBatch(batch)) };
  }

  wrapRelay(relay: OutboxRelay, onBatch: (relayed: number) => void): void {
    const relayBatch = relay.relayBatch.bind(relay);
    relay.relayBatch = async () => {
      this.current = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
      const t0 = performance.now();
      const relayed = await relayBatch();
      const total = performance.now() - t0;
      if (relayed > 0) {
        const phases = this.current;
        phases.other = Math.max(0, total - PHASES.reduce((sum, p) => sum + (p === 'other' ? 0 : phases[p]), 0));
        this.samples.push({ total, phases });
        onBatch(relayed);
      }
      this.current = undefined;
      return relayed;
    };
  }

  private async timed<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, performance.now() - t0);
    }
  }

  private add(phase: Phase, ms: number): void {
    if (this.current) this.current[phase] += ms;
  }
}

function classify(sql: string): Phase {
  const s = sql.trimStart().toUpperCase();
  if (s.startsWith('START TRANSACTION') || s.startsWith('BEGIN')) return 'begin';
  if (s.startsWith('COMMIT') || s.startsWith('ROLLBACK')) return 'commit';
  if (s.includes('PG_TRY_ADVISORY')) return 'lock';
  if (s.startsWith('DELETE')) return 'delete';
  if (s.startsWith('SELECT')) return 'select';
  return 'other';
}

// ---------------------------------------------------------------------------------- one pass

async function runPass(
  dataSource: DataSource,
  kafka: Kafka,
  admin: Admin,
  batchSize: number,
  events: number,
  phases: boolean,
): Promise<PassResult> {
  await fillOutbox(dataSource, events);
  const before = await topicEndOffsets(admin);
  const loadAvg = os.loadavg()[0];

  // Same producer settings as MessagingModule gives every service.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const registry = new Registry();
  const instrumentation = new Instrumentation(phases);
  const relay = new OutboxRelay(
    instrumentation.wrapDataSource(dataSource),
    instrumentation.wrapProducer(producer),
    pino({ level: 'warn' }).child({ component: 'outbox-relay' }),
    registry,
    { ...defaultOutboxRelayOptions, serviceName: 'bench', batchSize },
  );

  let relayed = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  instrumentation.wrapRelay(relay, (n) => {
    relayed += n;
    if (relayed >= events) done();
  });

  const timeoutMs = 60_000 + events; // ≥ 1,000 events/s or the pass is a failure
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`relay did not empty the outbox within ${timeoutMs / 1000} s (relayed ${relayed}/${events})`)), timeoutMs);
  });

  const t0 = performance.now();
  relay.start();
  try {
    await Promise.race([finished, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const seconds = (performance.now() - t0) / 1000;
  await relay.stop();
  await producer.disconnect();

  // Verification: nothing lost, nothing duplicated, nothing left behind.
  const after = await topicEndOffsets(admin);
  const perPartition = after.map((high, i) => high - (before[i] ?? 0));
  const offsetDelta = perPartition.reduce((a, b) => a + b, 0);
  const [{ left }] = await dataSource.query('SELECT count(*)::int AS left FROM outbox');
  const failures = (await (registry.getSingleMetric('anpi_outbox_relay_failures_total') as Counter).get()).values[0]?.value ?? 0;
  const problems: string[] = [];
  if (offsetDelta !== events) problems.push(`topic end offsets grew by ${offsetDelta}, expected exactly ${events}`);
  if (left !== 0) problems.push(`${left} events still in the outbox`);
  if (relayed !== events) problems.push(`relay reported ${relayed} relayed, expected ${events}`);
  if (problems.length > 0) throw new VerificationError(`batch size ${batchSize}: ${problems.join('; ')}`);

  const totals = instrumentation.samples.map((s) => s.total).sort((a, b) => a - b);
  const phaseMeans = Object.fromEntries(
    PHASES.map((p) => [p, instrumentation.samples.reduce((sum, s) => sum + s.phases[p], 0) / instrumentation.samples.length]),
  ) as Record<Phase, number>;
  return {
    batchSize,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    batches: totals.length,
    p50: percentile(totals, 0.5),
    p99: percentile(totals, 0.99),
    max: totals[totals.length - 1] ?? 0,
    phaseMeans,
    failures,
    offsetDelta,
    partitionMin: Math.min(...perPartition),
    partitionMax: Math.max(...perPartition),
    loadAvg,
  };
}

class VerificationError extends Error {}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

// -------------------------------------------------------------------------------------- main

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const logger = pino({ level: 'error' });
  let dataSource: DataSource | undefined;
  let admin: Admin | undefined;
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error('bench: interrupted; cleaning up (Ctrl-C again to quit at once)');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    await recreateDatabase();
    dataSource = new DataSource({
      type: 'postgres',
      host: PGHOST,
      port: PGPORT,
      username: 'postgres',
      database: BENCH_DATABASE,
      applicationName: 'anpi-bench-outbox-relay',
      synchronize: false,
      logging: ['error'],
    });
    await dataSource.initialize();
    const queryRunner = dataSource.createQueryRunner();
    try {
      await createMessagingTables(queryRunner);
    } finally {
      await queryRunner.release();
    }
    const [{ version }] = await dataSource.query(`SELECT split_part(version(), ' on ', 1) AS version`);
    await fillOutbox(dataSource, 1_000);
    const [{ bytes }] = await dataSource.query('SELECT round(avg(octet_length(envelope::text)))::int AS bytes FROM outbox');

    const kafka = createKafkaClient({ clientId: 'anpi-bench-outbox-relay', brokers: BROKERS, logger });
    admin = kafka.admin();
    await admin.connect();
    await createTopic(admin);

    const facts = machineFacts(version);
    console.log('# Outbox relay benchmark (PostgreSQL → Kafka)\n');
    for (const [key, value] of Object.entries(facts)) console.log(`${key.padEnd(9)} ${value}`);
    console.log(
      `setup     ${fmt(args.events)} events/pass, topic ${BENCH_TOPIC} (${PARTITIONS} partitions), ${TENANTS} tenants as keys, ` +
        `envelope ~${bytes} bytes of JSON, ` +
        `batch sizes ${args.batchSizes.join(', ')} (default ${defaultOutboxRelayOptions.batchSize}), ${args.runs} run(s) each, ` +
        `warm-up ${fmt(args.warmup)} events, phase timing ${args.phases ? 'on' : 'off'}`,
    );

    if (args.warmup > 0) {
      const w = await runPass(dataSource, kafka, admin, defaultOutboxRelayOptions.batchSize, args.warmup, args.phases);
      console.log(`warm-up   ${fmt(w.events)} events in ${w.seconds.toFixed(2)} s (${fmt(w.eventsPerSecond)} events/s), verified; not counted`);
    }

    const results = new Map<number, PassResult[]>(args.batchSizes.map((b) => [b, []]));
    // Rounds interleave the batch sizes so drift (other load, JIT, broker log rolls) spreads evenly.
    for (let round = 1; round <= args.runs && !interrupted; round++) {
      for (const batchSize of args.batchSizes) {
        if (interrupted) break;
        const r = await runPass(dataSource, kafka, admin, batchSize, args.events, args.phases);
        results.get(batchSize)?.push(r);
        console.log(
          `run ${round}/${args.runs} batch ${String(batchSize).padStart(5)}: ${fmt(r.eventsPerSecond).padStart(7)} events/s ` +
            `(${r.seconds.toFixed(2)} s, ${r.batches} batches, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
            `load ${r.loadAvg.toFixed(2)}, partitions ${fmt(r.partitionMin)}–${fmt(r.partitionMax)}, verified +${fmt(r.offsetDelta)})`,
        );
      }
    }
    if (interrupted) return 130;

    console.log(`\nMedian of ${args.runs} run(s), ${fmt(args.events)} events each; per-batch = one relayBatch() call.\n`);
    console.log('| batch size | events/s (median) | min–max events/s | batches | batch p50 | batch p99 | failures | verified |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|:---:|');
    for (const [batchSize, runs] of results) {
      const eps = runs.map((r) => r.eventsPerSecond);
      console.log(
        `| ${fmt(batchSize)}${batchSize === defaultOutboxRelayOptions.batchSize ? ' (default)' : ''} | **${fmt(median(eps))}** | ` +
          `${fmt(Math.min(...eps))}–${fmt(Math.max(...eps))} | ${fmt(median(runs.map((r) => r.batches)))} | ` +
          `${median(runs.map((r) => r.p50)).toFixed(1)} ms | ${median(runs.map((r) => r.p99)).toFixed(1)} ms | ` +
          `${runs.reduce((s, r) => s + r.failures, 0)} | ${fmt(runs.length * args.events)} / ${fmt(runs.reduce((s, r) => s + r.offsetDelta, 0))} |`,
      );
    }
    if (args.phases) {
      console.log('\nWhere a batch spends its time: mean ms per batch (share), median over runs.\n');
      console.log(`| batch size | ${PHASES.join(' | ')} | total |`);
      console.log(`|---:|${PHASES.map(() => '---:').join('|')}|---:|`);
      for (const [batchSize, runs] of results) {
        const means = PHASES.map((p) => median(runs.map((r) => r.phaseMeans[p])));
        const total = means.reduce((a, b) => a + b, 0);
        console.log(
          `| ${fmt(batchSize)} | ${means.map((m) => `${m.toFixed(1)} (${Math.round((100 * m) / total)}%)`).join(' | ')} | ${total.toFixed(1)} |`,
        );
      }
      console.log(
        '\nacquire/release = pool check-out/in; begin/commit = START TRANSACTION/COMMIT; lock = pg_try_advisory_xact_lock; ' +
          'select = SELECT … ORDER BY id LIMIT n; send = producer.sendBatch (acks=all, idempotent); delete = DELETE … = ANY(ids); ' +
          'other = JSON.parse + groupByTopic + event-loop gaps.',
      );
    }
    console.log(`\nRESULT ${JSON.stringify({ facts, events: args.events, results: Object.fromEntries(results) })}`);
    return 0;
  } catch (error) {
    console.error(`bench: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return error instanceof VerificationError ? 1 : 3;
  } finally {
    // Clean up whatever happened above: drop our database, delete our topic.
    await dataSource?.destroy().catch(() => undefined);
    await dropDatabase().catch((e) => console.error(`bench: could not drop ${BENCH_DATABASE}: ${e}`));
    if (admin) {
      await deleteTopicIfPresent(admin).catch((e) => console.error(`bench: could not delete topic ${BENCH_TOPIC}: ${e}`));
      await admin.disconnect().catch(() => undefined);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(3);
  },
);
