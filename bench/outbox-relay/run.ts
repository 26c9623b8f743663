/**
 * Outbox relay benchmark: events/s moved from the PostgreSQL outbox to Kafka by the real
 * OutboxRelay of @anpi/messaging. See bench/outbox-relay/README.md.
 *
 *   node -r @swc-node/register bench/outbox-relay/run.ts [--events 200000] [--batch-sizes 500,2000,5000]
 *        [--runs 5] [--warmup 20000] [--no-phases] [--no-quiet-wait] [--partitioner kafkajs|imul] [--strip-headers]
 *
 * Exit code: 0 ok; 1 verification failed (events lost, duplicated or left in the outbox);
 * 2 bad arguments; 3 any other error. Needs the local stack (`bash scripts/stack up`).
 *
 * Everything it creates is its own and is removed at the end: the database anpi_bench_outbox
 * and the topic bench.outbox-relay. It never touches the services' databases or topics.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Admin, ICustomPartitioner, Kafka, Partitioners, Producer } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
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
  quietWait: boolean;
  partitioner: 'kafkajs' | 'imul';
  stripHeaders: boolean;
}

/** Per-batch timings (ms). Phases come from wrapping the query runner and the producer. */
interface BatchSample {
  total: number;
  phases: Record<Phase, number>;
}

const PHASES = ['acquire', 'begin', 'lock', 'select', 'send', 'broker', 'delete', 'commit', 'release', 'other'] as const;
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
  /**
   * CPU used during the timed phase, in % of one core: this process (the relay), the Kafka broker,
   * all postgres processes, and "foreign" = the rest of the machine's busy time (other work on the
   * machine that competes with the benchmark; high values mean a noisy run).
   */
  cpu: { node: number; kafka: number; postgres: number; foreign: number; idle: number };
  /** Seconds spent waiting for the machine to be quiet before the timed phase (not timed). */
  quietWaitS: number;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { events: 200_000, batchSizes: [500, 2_000, 5_000], runs: 5, warmup: 20_000, phases: true, quietWait: true, partitioner: 'kafkajs', stripHeaders: false };
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
      case '--partitioner': {
        const v = value();
        if (v !== 'kafkajs' && v !== 'imul') fail('--partitioner must be kafkajs or imul');
        args.partitioner = v;
        break;
      }
      case '--strip-headers':
        args.stripHeaders = true;
        break;
      case '--no-quiet-wait':
        args.quietWait = false;
        break;
      case '--help':
      case '-h':
        console.log(
          'usage: node -r @swc-node/register bench/outbox-relay/run.ts [--events N] [--batch-sizes a,b,c] [--runs R] [--warmup N] [--no-phases] [--no-quiet-wait] [--partitioner kafkajs|imul] [--strip-headers]',
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
    relay: `OutboxRelay from ${loadedRelayFile()} @ ${commit}`,
  };
}

/** Which file OutboxRelay came from: src/ under @swc-node/register (tsconfig paths), dist/ under plain node. */
function loadedRelayFile(): string {
  const file = Object.keys(require.cache).find((f) => /outbox[\\/]outbox-relay\.(ts|js)$/.test(f));
  if (!file) return 'unknown';
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 12);
  return `${path.relative(REPO_ROOT, file)} (sha256 ${sha})`;
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
 * library: TypeORM's PostgresQueryRunner.prototype is wrapped once for this process (BEGIN,
 * advisory lock, SELECT, DELETE, COMMIT are all query() calls; connect() checks a connection out
 * of the pool), which works whichever DataSource the relay uses, and the producer's sendBatch()
 * is timed. Only calls made while a relayBatch() is in flight are counted. "other" is what is
 * left of the batch: JSON.parse + grouping in groupByTopic, pool set-up, and awaits.
 */
class Instrumentation {
  private static active: Instrumentation | undefined;
  private static patched = false;
  readonly samples: BatchSample[] = [];
  private current: Record<Phase, number> | undefined;

  constructor(private readonly phases: boolean) {
    if (phases) Instrumentation.patchQueryRunner();
  }

  private static patchQueryRunner(): void {
    if (Instrumentation.patched) return;
    Instrumentation.patched = true;
    const proto = PostgresQueryRunner.prototype as unknown as {
      query: (sql: string, ...rest: unknown[]) => Promise<unknown>;
      connect: () => Promise<unknown>;
      release: () => Promise<void>;
    };
    const { query, connect, release } = proto;
    // query() itself calls connect() again (a no-op then); only the first call checks out a connection.
    const connected = new WeakSet<object>();
    proto.query = async function (this: object, sql: string, ...rest: unknown[]) {
      const active = Instrumentation.active;
      if (!active) return query.call(this, sql, ...rest);
      const t0 = performance.now();
      try {
        return await query.call(this, sql, ...rest);
      } finally {
        active.add(classify(sql), performance.now() - t0);
      }
    };
    proto.connect = async function (this: object) {
      const active = Instrumentation.active;
      if (!active || connected.has(this)) return connect.call(this);
      connected.add(this);
      return active.timed('acquire', () => connect.call(this));
    };
    proto.release = async function (this: object) {
      const active = Instrumentation.active;
      return active ? active.timed('release', () => release.call(this)) : release.call(this);
    };
  }

  /**
   * With stripHeaders (EXPERIMENT, measurement only: docs/events.md promises the headers), the
   * relay's event-type/event-version/event-id headers are dropped before kafkajs encodes them.
   */
  wrapProducer(producer: Producer, stripHeaders: boolean): Producer {
    const send = producer.sendBatch.bind(producer);
    const sendBatch: Producer['sendBatch'] = stripHeaders
      ? (batch) =>
          send({
            ...batch,
            topicMessages: batch.topicMessages?.map((t) => ({ ...t, messages: t.messages.map(({ key, value }) => ({ key, value })) })),
          })
      : send;
    if (!this.phases) return stripHeaders ? { ...producer, sendBatch } : producer;
    // kafkajs reports each request's round trip (socket write → response in, Date.now() resolution):
    // that part of sendBatch is "broker"; the rest of it ("send") is kafkajs on our thread.
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === 'Produce') this.add('broker', payload.duration);
    });
    return { ...producer, sendBatch: async (batch) => this.timed('send', () => sendBatch(batch)) };
  }

  wrapRelay(relay: OutboxRelay, onBatch: (relayed: number) => void): void {
    const relayBatch = relay.relayBatch.bind(relay);
    relay.relayBatch = async () => {
      this.current = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
      if (this.phases) Instrumentation.active = this;
      const t0 = performance.now();
      let relayed: number;
      try {
        relayed = await relayBatch();
      } finally {
        Instrumentation.active = undefined;
      }
      const total = performance.now() - t0;
      if (relayed > 0) {
        const phases = this.current;
        phases.broker = Math.min(phases.broker, phases.send);
        phases.send -= phases.broker;
        phases.other = Math.max(0, total - PHASES.reduce((sum, p) => sum + (p === 'other' ? 0 : phases[p]), 0));
        this.samples.push({ total, phases });
      }
      this.current = undefined;
      onBatch(relayed);
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

// -------------------------------------------------------------------------------- partitioner

/**
 * Experiment, off by default (--partitioner imul): Kafka's murmur2 written with Math.imul
 * instead of kafkajs' emulated 64-bit Long arithmetic. Same partition for every key (checked
 * at start-up against kafkajs' DefaultPartitioner); only the CPU cost differs. Services use
 * Partitioners.DefaultPartitioner, so that is the default here.
 */
function murmur2(data: Buffer): number {
  const m = 0x5bd1e995;
  const length = data.length;
  let h = 0x9747b28c ^ length;
  const length4 = length & ~3;
  let i = 0;
  for (; i < length4; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & 3;
  if (tail === 3) h ^= data[i + 2] << 16;
  if (tail >= 2) h ^= data[i + 1] << 8;
  if (tail >= 1) {
    h ^= data[i];
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h;
}

const ImulPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition !== null && message.partition !== undefined) return message.partition;
    if (message.key === null || message.key === undefined) return fallback(args);
    const key = Buffer.isBuffer(message.key) ? message.key : Buffer.from(String(message.key));
    return (murmur2(key) & 0x7fffffff) % partitionMetadata.length;
  };
};

function assertSamePartitions(keys: string[]): void {
  const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({ partitionErrorCode: 0, partitionId, leader: 1, replicas: [1], isr: [1] }));
  const reference = Partitioners.DefaultPartitioner();
  const candidate = ImulPartitioner();
  for (const key of [...keys, ...Array.from({ length: 10_000 }, () => randomUUID()), 'a', 'ab', 'abc', 'abcde', 'テナント']) {
    const args = { topic: BENCH_TOPIC, partitionMetadata, message: { key, value: null } };
    if (reference(args) !== candidate(args)) throw new Error(`imul partitioner disagrees with kafkajs for key ${key}`);
  }
}

// ---------------------------------------------------------------------------------- one pass

async function runPass(
  dataSource: DataSource,
  kafka: Kafka,
  admin: Admin,
  batchSize: number,
  events: number,
  phases: boolean,
  quietWait: boolean,
  partitioner: Args['partitioner'],
  stripHeaders: boolean,
): Promise<PassResult> {
  await fillOutbox(dataSource, events);
  const before = await topicEndOffsets(admin);
  const quietWaitS = quietWait ? await waitForQuietMachine() : 0;
  const cpuBefore = cpuSnapshot();

  // Same producer settings as MessagingModule gives every service (unless --partitioner imul).
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: partitioner === 'imul' ? ImulPartitioner : Partitioners.DefaultPartitioner,
  });
  const registry = new Registry();
  const instrumentation = new Instrumentation(phases);
  const relay = new OutboxRelay(
    dataSource,
    instrumentation.wrapProducer(producer, stripHeaders),
    pino({ level: 'warn' }).child({ component: 'outbox-relay' }),
    registry,
    { ...defaultOutboxRelayOptions, serviceName: 'bench', batchSize },
  );

  let relayed = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  // Done when all N are out, or when a batch finds the outbox empty (then verification tells).
  instrumentation.wrapRelay(relay, (n) => {
    relayed += n;
    if (relayed >= events || n === 0) done();
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
  const cpu = cpuSince(cpuBefore);
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
    cpu,
    quietWaitS,
  };
}

class VerificationError extends Error {}

// ---------------------------------------------------------------------------- CPU accounting

interface CpuSnapshot {
  at: number;
  node: NodeJS.CpuUsage;
  kafkaTicks: number;
  postgresTicks: Map<number, number>;
  machine: { busy: number; idle: number } | undefined;
}

const CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuSnapshot(): CpuSnapshot {
  return { at: performance.now(), node: process.cpuUsage(), kafkaTicks: kafkaCpuTicks(), postgresTicks: postgresCpuTicks(), machine: machineTicks() };
}

/** % of one core over the interval; "foreign" is the machine's busy time minus this process, Kafka and PostgreSQL. */
function cpuSince(before: CpuSnapshot): PassResult['cpu'] {
  const after = cpuSnapshot();
  const wallMs = after.at - before.at;
  const usage = process.cpuUsage(before.node);
  const nodeMs = (usage.user + usage.system) / 1000;
  const kafkaMs = (after.kafkaTicks - before.kafkaTicks) * CLOCK_TICK_MS;
  let postgresTicks = 0;
  for (const [pid, ticks] of after.postgresTicks) postgresTicks += ticks - (before.postgresTicks.get(pid) ?? 0);
  const postgresMs = postgresTicks * CLOCK_TICK_MS;
  const pct = (ms: number) => Math.round((100 * ms) / wallMs);
  if (!before.machine || !after.machine) return { node: pct(nodeMs), kafka: pct(kafkaMs), postgres: pct(postgresMs), foreign: -1, idle: -1 };
  const busyMs = (after.machine.busy - before.machine.busy) * CLOCK_TICK_MS;
  const idleMs = (after.machine.idle - before.machine.idle) * CLOCK_TICK_MS;
  return {
    node: pct(nodeMs),
    kafka: pct(kafkaMs),
    postgres: pct(postgresMs),
    foreign: Math.max(0, pct(busyMs - nodeMs - kafkaMs - postgresMs)),
    idle: pct(idleMs),
  };
}

const DISTURBED_FOREIGN_PCT = 25; // a pass during which other work used more CPU than this is "disturbed"
const QUIET_BUSY_PCT = 35; // % of one core, all processes together
const QUIET_MAX_WAIT_S = 120;

/**
 * Other people's work on a shared machine (builds, test suites) skews a CPU-bound benchmark.
 * Before each timed phase, wait (up to 2 min, untimed) until the whole machine used less than
 * 35 % of one core over one second; the foreign CPU during the pass is reported either way.
 */
async function waitForQuietMachine(): Promise<number> {
  const start = performance.now();
  for (;;) {
    const a = machineTicks();
    await sleep(1_000);
    const b = machineTicks();
    if (!a || !b) return 0;
    const busy = b.busy - a.busy;
    const all = busy + (b.idle - a.idle);
    const busyPctOfCore = all > 0 ? (100 * busy * os.cpus().length) / all : 0;
    const waited = (performance.now() - start) / 1000;
    if (busyPctOfCore < QUIET_BUSY_PCT) return Math.max(0, waited - 1);
    if (waited >= QUIET_MAX_WAIT_S) {
      console.log(`          machine still busy (${busyPctOfCore.toFixed(0)} % of a core) after ${QUIET_MAX_WAIT_S} s; running anyway`);
      return waited;
    }
  }
}

function machineTicks(): { busy: number; idle: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
    return { busy: user + nice + system + irq + softirq + steal, idle: idle + iowait };
  } catch {
    return undefined;
  }
}

function processTicks(pid: string | number): { comm: string; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm, ticks: Number(fields[11]) + Number(fields[12]) }; // utime + stime
  } catch {
    return undefined;
  }
}

function kafkaCpuTicks(): number {
  try {
    return processTicks(readFileSync(path.join(REPO_ROOT, '.stack', 'kafka', 'kafka.pid'), 'utf8').trim())?.ticks ?? 0;
  } catch {
    return 0;
  }
}

/** Every postgres process (postmaster, backends, autovacuum, walwriter, checkpointer…) by pid. */
function postgresCpuTicks(): Map<number, number> {
  const ticks = new Map<number, number>();
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const info = processTicks(entry);
      if (info?.comm === 'postgres') ticks.set(Number(entry), info.ticks);
    }
  } catch {
    // not Linux
  }
  return ticks;
}

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
    if (args.partitioner === 'imul') {
      const keys: { message_key: string }[] = await dataSource.query('SELECT DISTINCT message_key FROM outbox');
      assertSamePartitions(keys.map((k) => k.message_key));
    }

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
        `warm-up ${fmt(args.warmup)} events, phase timing ${args.phases ? 'on' : 'off'}, ` +
        `partitioner ${args.partitioner === 'imul' ? 'imul murmur2 (EXPERIMENT; same partitions as kafkajs, checked)' : 'kafkajs DefaultPartitioner (as the services)'}, ` +
        (args.stripHeaders ? 'headers STRIPPED (EXPERIMENT), ' : '') +
        `quiet wait ${args.quietWait ? `on (< ${QUIET_BUSY_PCT} % of a core busy)` : 'off'}`,
    );

    if (args.warmup > 0) {
      const w = await runPass(dataSource, kafka, admin, defaultOutboxRelayOptions.batchSize, args.warmup, args.phases, args.quietWait, args.partitioner, args.stripHeaders);
      console.log(`warm-up   ${fmt(w.events)} events in ${w.seconds.toFixed(2)} s (${fmt(w.eventsPerSecond)} events/s), verified; not counted`);
    }

    const results = new Map<number, PassResult[]>(args.batchSizes.map((b) => [b, []]));
    // Rounds interleave the batch sizes so drift (other load, JIT, broker log rolls) spreads evenly.
    for (let round = 1; round <= args.runs && !interrupted; round++) {
      for (const batchSize of args.batchSizes) {
        if (interrupted) break;
        const r = await runPass(dataSource, kafka, admin, batchSize, args.events, args.phases, args.quietWait, args.partitioner, args.stripHeaders);
        results.get(batchSize)?.push(r);
        console.log(
          `run ${round}/${args.runs} batch ${String(batchSize).padStart(5)}: ${fmt(r.eventsPerSecond).padStart(7)} events/s ` +
            `(${r.seconds.toFixed(2)} s, ${r.batches} batches, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ` +
            `${r.quietWaitS >= 1 ? `waited ${r.quietWaitS.toFixed(0)} s for quiet, ` : ''}cpu % of a core: relay ${r.cpu.node} kafka ${r.cpu.kafka} pg ${r.cpu.postgres} foreign ${r.cpu.foreign} idle ${r.cpu.idle}; partitions ${fmt(r.partitionMin)}–${fmt(r.partitionMax)}, verified +${fmt(r.offsetDelta)})`,
        );
      }
    }
    if (interrupted) return 130;

    console.log(
      `\nMedian of ${args.runs} run(s), ${fmt(args.events)} events each; per-batch = one relayBatch() call; ` +
        `undisturbed = other processes used < ${DISTURBED_FOREIGN_PCT} % of a core during the pass.\n`,
    );
    console.log(
      `| batch size | events/s (median) | min–max events/s | median of undisturbed runs (n) | batches | batch p50 | batch p99 | failures | sent / offsets grew |`,
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|:---:|');
    for (const [batchSize, runs] of results) {
      const eps = runs.map((r) => r.eventsPerSecond);
      const undisturbed = runs.filter((r) => r.cpu.foreign >= 0 && r.cpu.foreign < DISTURBED_FOREIGN_PCT).map((r) => r.eventsPerSecond);
      console.log(
        `| ${fmt(batchSize)}${batchSize === defaultOutboxRelayOptions.batchSize ? ' (default)' : ''} | **${fmt(median(eps))}** | ` +
          `${fmt(Math.min(...eps))}–${fmt(Math.max(...eps))} | ${undisturbed.length ? fmt(median(undisturbed)) : '–'} (${undisturbed.length}) | ` +
          `${fmt(median(runs.map((r) => r.batches)))} | ` +
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
          'select = SELECT … ORDER BY id LIMIT n; send = producer.sendBatch (acks=all, idempotent) minus broker, i.e. kafkajs ' +
          'building/encoding the request on our thread; broker = Produce round trip as kafkajs reports it; delete = DELETE … = ANY(ids); ' +
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
