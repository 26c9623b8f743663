/**
 * Dispatch scaling benchmark: from alert creation to the first and the last message at a sink
 * (SMTP or webhook), through the whole path — outbox relay → Kafka `alert.created` → fan-out → outbox →
 * `deliveries.requested` (24 partitions) → senders → channel — with 1 and then 2 dispatch
 * processes sharing one consumer group. See README.md.
 *
 *   node -r @swc-node/register bench/dispatch-scaling/run.ts [--recipients 20000] [--processes 1,2] [--channel email|webhook|sink] [--cpu-profile-dir DIR] [--node-options '…']
 *
 * --channel webhook sends every message as a signed webhook to a receiver that costs nothing;
 * sink hands it to an in-process sink adapter (dispatch-with-sink-channel.ts: the dispatch path
 * without any provider protocol); email (default) to an SMTP sink. --cpu-profile-dir writes a V8 CPU profile of each dispatch process (open it in Chrome DevTools).
 * The dispatch processes get the pods' NODE_OPTIONS from charts/anpi/values.yaml unless --node-options says otherwise ('' for none).
 *
 * Exit code: 0 ok; 1 verification failed (a message lost or sent twice); 2 bad arguments; 3 other error.
 */
import 'reflect-metadata';
import { loadConfig } from '@anpi/config';
import { TOPICS } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, repositoryRoot, ScratchDatabase, waitFor } from '@anpi/testing';
import { Admin, AssignerProtocol, Kafka, logLevel } from 'kafkajs';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { createAlertCommandSchema } from '../../apps/alert-dispatch-service/src/alerts/create-alert.command';
import { CreateAlert } from '../../apps/alert-dispatch-service/src/alerts/create-alert.use-case';
import { alertDispatchServiceConfigSchema } from '../../apps/alert-dispatch-service/src/config';
import { alertDispatchServiceDatabase } from '../../apps/alert-dispatch-service/src/database';
import { TenantChannelSettingsStore, webhookChannelSettingsSchema } from '../../apps/alert-dispatch-service/src/channels';
import { askSink, startSinkProcess } from '../sink-process';

interface SinkReport {
  received: number;
  uniqueDeliveries: number;
  duplicates: number;
  firstAt: number | null;
  lastAt: number | null;
}

class UsageError extends Error {}

/** Its own consumer group: the bench never takes partitions from a running local stack. */
const consumerGroup = 'bench-dispatch-scaling';
const sinkPort = 2571;
const webhookSinkPort = 2572;
const firstHttpPort = 3581;

function parseArgs(argv: string[]) {
  const args: { recipients: number; processes: number[]; channel: SinkChannel; cpuProfileDir?: string; concurrency?: number; fanOutConcurrency?: number; nodeOptions: string } = {
    recipients: 20_000,
    processes: [1, 2],
    channel: 'email',
    nodeOptions: chartNodeOptions(),
  };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    if (flag === '--recipients') args.recipients = Number(value);
    else if (flag === '--processes') args.processes = (value ?? '').split(',').map(Number);
    else if (flag === '--channel' && (value === 'email' || value === 'webhook' || value === 'sink')) args.channel = value;
    else if (flag === '--cpu-profile-dir' && value) args.cpuProfileDir = path.resolve(value);
    else if (flag === '--delivery-concurrency') args.concurrency = Number(value);
    else if (flag === '--fan-out-concurrency') args.fanOutConcurrency = Number(value);
    else if (flag === '--node-options' && value !== undefined) args.nodeOptions = value;
    else throw new UsageError(`unknown flag ${flag}`);
  }
  if (!Number.isInteger(args.recipients) || args.recipients < 1 || args.recipients > 1_000_000) throw new UsageError('--recipients takes 1..1,000,000');
  if (args.processes.some((count) => !Number.isInteger(count) || count < 1 || count > 4)) throw new UsageError('--processes takes counts 1..4');
  if (args.concurrency !== undefined && !(Number.isInteger(args.concurrency) && args.concurrency >= 1 && args.concurrency <= 500)) throw new UsageError('--delivery-concurrency takes 1..500');
  if (args.fanOutConcurrency !== undefined && !(Number.isInteger(args.fanOutConcurrency) && args.fanOutConcurrency >= 1 && args.fanOutConcurrency <= 16)) throw new UsageError('--fan-out-concurrency takes 1..16');
  return args;
}

/** The dispatch pods' NODE_OPTIONS (charts/anpi/values.yaml): the bench runs its processes as the chart runs the pods. */
function chartNodeOptions(): string {
  const values = parseYaml(readFileSync(path.join(repositoryRoot, 'charts/anpi/values.yaml'), 'utf8')) as { dispatch: { nodeOptions?: string } };
  return values.dispatch.nodeOptions ?? '';
}

/** email and webhook: a sink process behind a real provider protocol; sink: an adapter inside each dispatch process. */
type SinkChannel = 'email' | 'webhook' | 'sink';

const sinks: Record<Exclude<SinkChannel, 'sink'>, { script: string; port: number }> = {
  email: { script: 'bench/email/smtp-sink.ts', port: sinkPort },
  webhook: { script: 'bench/dispatch-scaling/webhook-sink.ts', port: webhookSinkPort },
};

const sinkDescriptions: Record<SinkChannel, string> = {
  email: 'e-mail to an SMTP sink',
  webhook: 'signed webhook to a 204 receiver',
  sink: 'handed to an in-process sink channel',
};

/** What every ledger received, as one: a delivery is at one ledger only (all N sent and N received means none twice). */
async function reportOf(ledgers: ChildProcess[]): Promise<SinkReport> {
  const reports = await Promise.all(ledgers.map((ledger) => askSink<SinkReport>(ledger, 'report')));
  const sum = (pick: (report: SinkReport) => number) => reports.reduce((total, report) => total + pick(report), 0);
  const firsts = reports.flatMap((report) => (report.firstAt === null ? [] : [report.firstAt]));
  const lasts = reports.flatMap((report) => (report.lastAt === null ? [] : [report.lastAt]));
  return {
    received: sum((report) => report.received),
    uniqueDeliveries: sum((report) => report.uniqueDeliveries),
    duplicates: sum((report) => report.duplicates),
    firstAt: firsts.length ? Math.min(...firsts) : null,
    lastAt: lasts.length ? Math.max(...lasts) : null,
  };
}

/**
 * The bench's own database (so no other dispatch process sends its deliveries), set up like
 * scripts/stack sets up dispatch's: owned by the owner role, used by the application role, so
 * row-level security applies exactly as in production.
 */
async function prepareDatabase(database: ScratchDatabase, settings: Record<string, string>): Promise<void> {
  const owner = settings.DB_MIGRATION_USER;
  const app = settings.DB_USER;
  const admin = database.dataSource();
  const serverAdmin = new DataSource({ ...admin.options, database: 'postgres' } as typeof admin.options);
  await serverAdmin.initialize();
  await serverAdmin.query(`ALTER DATABASE ${database.name} OWNER TO ${owner}`);
  await serverAdmin.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${owner}, ${app}`);
  await serverAdmin.destroy();
  await admin.initialize();
  await admin.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  await admin.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await admin.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  await admin.destroy();
}

function run(command: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', ...command], { cwd: repositoryRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'inherit' });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command.join(' ')} exited with ${code}`)))));
}

/** A dispatch process from source (the working tree), logging to .stack/test-logs. */
async function startDispatch(index: number, env: Record<string, string>, channel: SinkChannel, cpuProfileDir?: string): Promise<ChildProcess> {
  const httpPort = firstHttpPort + index;
  mkdirSync(path.join(repositoryRoot, '.stack/test-logs'), { recursive: true });
  const log = createWriteStream(path.join(repositoryRoot, `.stack/test-logs/bench-dispatch-${httpPort}.log`), { flags: 'a' });
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const entry = channel === 'sink' ? 'bench/dispatch-scaling/dispatch-with-sink-channel.ts' : 'apps/alert-dispatch-service/src/main.ts';
  const child = spawn(process.execPath, [...profiling, '-r', '@swc-node/register', entry], {
    cwd: repositoryRoot,
    env: { PATH: process.env.PATH ?? '', ...env, HTTP_PORT: String(httpPort), HTTP_HOST: '127.0.0.1', GRPC_URL: `127.0.0.1:${20_000 + httpPort}` },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitFor(
    async () => (await fetch(`http://127.0.0.1:${httpPort}/health/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined))?.status === 200,
    { timeoutMs: 120_000, intervalMs: 500, what: `dispatch process ${httpPort} ready` },
  );
  return child;
}

/** The process's peak resident memory so far (Linux VmHWM), in MiB; 0 where /proc is not there. */
function peakResidentMiB(child: ChildProcess): number {
  try {
    const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : 0;
  } catch {
    return 0;
  }
}

async function stopDispatch(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * Until every process has its partitions: a process is "ready" before the group has settled,
 * and the first events would otherwise wait for the rebalance (not what an alert on a running
 * deployment waits for). Says what it waits for every 10 s, so a wait that never ends is seen.
 */
async function waitForStableGroup(brokers: readonly string[], members: number): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-dispatch-scaling', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const startedAt = Date.now();
  let lastSaid = startedAt;
  const say = (state: string) => {
    if (Date.now() - lastSaid < 10_000) return;
    lastSaid = Date.now();
    console.error(`[bench] ${Math.round((Date.now() - startedAt) / 1000)} s: waiting for the consumer group: ${state}`);
  };
  try {
    const assigned = await waitFor(
      async () => {
        const [group] = (await admin.describeGroups([consumerGroup])).groups;
        say(`state ${group?.state ?? 'none'}, ${group?.members.length ?? 0}/${members} member(s)`);
        if (group?.state !== 'Stable' || group.members.length !== members) return undefined;
        return assignedTopics(group.members.map((member) => member.memberAssignment));
      },
      { timeoutMs: 180_000, intervalMs: 1_000, what: `consumer group stable with ${members} member(s)` },
    );
    // Other work on a shared broker (a directory import's employee.upserted…) may have queued
    // events since the offsets were reset: the alert must not wait behind them. Only the
    // topics the members were given count: a topic nobody in the group reads never catches up.
    await waitFor(
      async () => {
        const lag = await consumerLag(admin, assigned);
        say(`stable; ${lag} event(s) behind on ${assigned.length} topic(s)`);
        return lag <= maxBacklog;
      },
      { timeoutMs: 600_000, intervalMs: 1_000, what: 'consumer group caught up' },
    );
  } finally {
    await admin.disconnect();
  }
}

const maxBacklog = 20;

/** The topics the group's members were assigned partitions of. */
function assignedTopics(assignments: Buffer[]): string[] {
  const topics = new Set<string>();
  for (const buffer of assignments) {
    const decoded = AssignerProtocol.MemberAssignment.decode(buffer);
    for (const [topic, partitions] of Object.entries(decoded?.assignment ?? {})) if (partitions.length > 0) topics.add(topic);
  }
  return [...topics];
}

function subscribedTopics(): string[] {
  return [...Object.values(TOPICS).map((topic) => topic.name), `${consumerGroup}.retry.1`, `${consumerGroup}.retry.2`];
}

/** Messages in the group's topics not yet committed by the group (a partition never committed counts from its start). */
async function consumerLag(admin: Admin, topics: string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId: consumerGroup, topics });
  let lag = 0;
  for (const { topic, partitions } of committed) {
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((partition) => [partition.partition, { low: Number(partition.low), high: Number(partition.high) }]));
    for (const { partition, offset } of partitions) {
      const end = ends.get(partition) ?? { low: 0, high: 0 };
      lag += Math.max(0, end.high - (Number(offset) < 0 ? end.low : Number(offset)));
    }
  }
  return lag;
}

/** A new group would replay every topic from the beginning: start it at the end instead. */
async function startGroupAtLatest(brokers: readonly string[]): Promise<void> {
  const admin = new Kafka({ clientId: 'bench-dispatch-scaling', brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = subscribedTopics().filter((topic) => existing.has(topic));
    // Explicit offsets: resetOffsets(earliest: false) commits -1 ("latest"), which the service's
    // consumer (subscribed fromBeginning) reads as "never committed" and replays every old page.
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId: consumerGroup, topic, partitions: ends.map(({ partition, high }) => ({ partition, offset: high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

async function seedRecipients(dataSource: DataSource, sealer: ContactEventSealer, tenantId: string, count: number): Promise<void> {
  for (let offset = 0; offset < count; offset += 5_000) {
    const ids = Array.from({ length: Math.min(5_000, count - offset) }, () => randomUUID());
    const sealed = ids.map((id, index) =>
      sealer.seal(tenantId, id, { nameKanji: `社員 ${offset + index}`, nameKana: 'シャイン', companyEmail: `e${offset + index}@bench.example`, privateEmails: [], mobilePhone: null }),
    );
    await runInTenantTransaction(dataSource, tenantId, (manager) =>
      manager.query(
        `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, work_prefecture, contact_ciphertext)
         SELECT $1, id, true, 'ja', '13', sealed FROM unnest($2::uuid[], $3::text[]) AS t(id, sealed)`,
        [tenantId, ids, sealed],
      ),
    );
  }
}

/** The tenant's own webhook, as an admin would set it up (sealed at rest like any tenant's credentials). */
async function useWebhookSink(dataSource: DataSource, config: ReturnType<typeof loadConfig<typeof alertDispatchServiceConfigSchema>>, tenantId: string): Promise<void> {
  const store = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
  const settings = webhookChannelSettingsSchema.parse({ url: `http://127.0.0.1:${webhookSinkPort}/anpi`, signingSecret: randomBytes(32).toString('base64url') });
  await runInTenantTransaction(dataSource, tenantId, (manager) => store.saveChannel(manager, tenantId, 'webhook', settings, 'bench'));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await ScratchDatabase.create('anpi_bench_dispatch');
  const sink = args.channel === 'sink' ? undefined : await startSinkProcess(path.join(repositoryRoot, sinks[args.channel].script), sinks[args.channel].port);
  const baseEnvironment = {
    ...localServiceEnvironment('alert-dispatch-service'),
    DB_NAME: database.name,
    KAFKA_CONSUMER_GROUP: consumerGroup,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(sinkPort),
    SMTP_SECURE: 'false',
    // The webhook sink listens on plain http on the loopback.
    CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: String(args.channel === 'webhook'),
    LOG_LEVEL: 'warn',
    ...(args.concurrency ? { DELIVERY_CONCURRENCY: String(args.concurrency) } : {}),
    ...(args.fanOutConcurrency ? { FAN_OUT_CONCURRENCY: String(args.fanOutConcurrency) } : {}),
  };
  const dispatchEnvironment = { ...baseEnvironment, ...(args.nodeOptions ? { NODE_OPTIONS: args.nodeOptions } : {}) };
  const config = loadConfig(alertDispatchServiceConfigSchema, baseEnvironment);
  const rows: string[] = [];
  let verified = true;
  let dataSource: DataSource | undefined;
  try {
    await prepareDatabase(database, baseEnvironment);
    await run(['apps/alert-dispatch-service/src/migrate.ts'], baseEnvironment);
    dataSource = await new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase)).initialize();
    const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    const tenantId = randomUUID();
    await seedRecipients(dataSource, sealer, tenantId, args.recipients);
    // A live system has statistics for its tables (autovacuum); right after a bulk insert the
    // planner would scan the whole projection for every page of contacts (ANALYZE needs the owner).
    const owner = await database.dataSource().initialize();
    await owner.query('ANALYZE directory_recipients');
    await owner.destroy();
    if (args.channel === 'webhook') await useWebhookSink(dataSource, config, tenantId);
    for (const count of args.processes) {
      await startGroupAtLatest(config.KAFKA_BROKERS);
      const processes: ChildProcess[] = [];
      try {
        for (let index = 0; index < count; index += 1) processes.push(await startDispatch(index, dispatchEnvironment, args.channel, args.cpuProfileDir));
        // Where the messages arrive: the sink process, or the sink adapter inside every dispatch process.
        const ledgers = sink ? [sink] : processes;
        await waitForStableGroup(config.KAFKA_BROKERS, count);
        await Promise.all(ledgers.map((ledger) => askSink(ledger, 'reset')));
        const command = createAlertCommandSchema.parse({ title: 'bench', message: 'bench', target: { kind: 'all' }, channels: [args.channel === 'sink' ? 'webhook' : args.channel], resend: { intervalMinutes: 60, maxRounds: 0 } });
        const createdAt = Date.now();
        const { alert } = await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'bench', source: 'internal' }, command);
        let report = await reportOf(ledgers);
        let lastSaid = Date.now();
        await waitFor(
          async () => {
            report = await reportOf(ledgers);
            if (Date.now() - lastSaid >= 10_000) {
              lastSaid = Date.now();
              console.error(`[bench] ${count} process(es), ${Math.round((lastSaid - createdAt) / 1000)} s after creation: ${report.received}/${args.recipients} messages at the sink`);
            }
            return report.received >= args.recipients;
          },
          { timeoutMs: 30 * 60_000, intervalMs: 200, what: `${args.recipients} messages at the sink` },
        );
        // A message reaches the sink before its delivery is recorded as sent (the sender records
        // a chunk once every send of it has answered): wait for the last records to commit.
        const deliveriesOfAlert = () =>
          runInTenantTransaction(dataSource!, tenantId, (manager) =>
            manager.query(
              `SELECT count(*) FILTER (WHERE state = 'sent')::int AS sent, extract(epoch FROM min(queued_at)) * 1000 AS "firstQueued", extract(epoch FROM max(queued_at)) * 1000 AS "lastQueued"
               FROM deliveries WHERE alert_id = $1`,
              [alert.id],
            ),
          ) as Promise<{ sent: number; firstQueued: number; lastQueued: number }[]>;
        const [{ sent, firstQueued, lastQueued }] = await waitFor(
          async () => {
            const rows = await deliveriesOfAlert();
            return rows[0].sent >= args.recipients ? rows : undefined;
          },
          { timeoutMs: 30_000, intervalMs: 200, what: 'every delivery recorded as sent' },
        ).catch(deliveriesOfAlert);
        report = await reportOf(ledgers);
        const ok = report.received === args.recipients && report.uniqueDeliveries === args.recipients && report.duplicates === 0 && sent === args.recipients;
        verified &&= ok;
        const first = (report.firstAt! - createdAt) / 1000;
        const last = (report.lastAt! - createdAt) / 1000;
        const seconds = (at: number) => ((Number(at) - createdAt) / 1000).toFixed(1);
        const peakRss = Math.max(...processes.map(peakResidentMiB));
        const line = `| ${count} | ${args.recipients} | ${seconds(firstQueued)} | ${seconds(lastQueued)} | ${first.toFixed(1)} | ${last.toFixed(1)} | ${Math.round(args.recipients / (last - first))} | ${Math.round(args.recipients / last)} | ${peakRss} | ${os.loadavg()[0].toFixed(1)} |${ok ? '' : ` VERIFICATION FAILED: ${report.received} received, ${report.uniqueDeliveries} distinct, ${report.duplicates} duplicates, ${sent} sent`}`;
        console.log(line);
        rows.push(line);
      } finally {
        await Promise.all(processes.map(stopDispatch));
      }
    }
  } finally {
    await dataSource?.destroy();
    sink?.send({ type: 'stop' });
    await database.drop();
  }
  console.log(`\n${args.recipients} recipients, ${sinkDescriptions[args.channel]}; ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, NODE_OPTIONS '${args.nodeOptions}', ${new Date().toISOString()}`);
  console.log(
    '| dispatch processes | recipients | creation → first delivery persisted (s) | → last persisted (s) | → first message at the sink (s) | → last message (s) | messages/s (first → last) | recipients/s (creation → last message) | peak RSS per process (MiB) | load average (1 min) |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  console.log(rows.join('\n'));
  process.exitCode = verified ? 0 : 1;
}

// Exits explicitly: a Kafka admin or an SMTP socket left by a failed run must not keep the bench alive.
main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(error instanceof UsageError ? 2 : 3);
  },
);
