/**
 * Answer-page benchmark: sustained answer submissions against a real response-collection
 * process (built output, as in production), zero lost, and how fresh the live SSE view stays.
 *
 *   npm run --silent build
 *   node -r @swc-node/register bench/answers/run.ts --seconds 60 --connections 64
 *
 * It creates a throwaway tenant with departments and employees in the service's own directory
 * projection, an open alert and one answer link per possible answer (links snapshotted exactly
 * as `answer-links.issued` does), then N keep-alive connections post answers back to back,
 * each to a new link. A dashboard client follows `/v1/alerts/:id/live` meanwhile. Afterwards
 * it checks in PostgreSQL that every 2xx answer is stored and counted exactly once (totals,
 * choices, department and prefecture breakdowns), prints JSON, and deletes what it created.
 * Exit code 1 when the check fails.
 */
import 'reflect-metadata';
import { runInTenantTransaction } from '@anpi/persistence';
import { ServiceProcess, TokenIssuer } from '@anpi/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { createHistogram, performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { addRecipients } from '../../apps/response-collection-service/src/breakdowns/breakdown-counters';
import { newAnswerToken, responseDatabase, safetyQuestions } from '../../apps/response-collection-service/test/support/response-fixture';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};

/** Service processes listen on 3149, 3150, … (gRPC 20000 above). */
const FIRST_PORT = 3149;
const DEPARTMENTS = 20;

async function main() {
  const seconds = argument('seconds', 60);
  const connections = argument('connections', 64);
  const links = argument('links', Math.round(seconds * 4_500));
  const processes = argument('processes', 1);
  if (!(seconds > 0 && seconds <= 600 && connections > 0 && connections <= 1_000 && links > 0 && links <= 3_000_000 && processes >= 1 && processes <= 8)) {
    console.error('--seconds 1..600, --connections 1..1000, --links 1..3,000,000, --processes 1..8');
    process.exit(2);
  }
  const dataSource = await responseDatabase().initialize();
  const tenantId = randomUUID();
  const alertId = randomUUID();
  const issuer = await new TokenIssuer(3199).start();
  // --cpu-prof DIR: each service process writes a V8 CPU profile there when it stops (open it in
  // Chrome DevTools or speedscope) — to see where an answer's time goes instead of guessing.
  const profileIndex = process.argv.indexOf('--cpu-prof');
  const profiling: Record<string, string> = profileIndex > 0 ? { NODE_OPTIONS: `--import ${__dirname}/cpu-profile.mjs`, ANPI_CPU_PROFILE_DIR: process.argv[profileIndex + 1] } : {};
  const services = Array.from(
    { length: processes },
    (_, index) =>
      new ServiceProcess('response-collection-service', FIRST_PORT + index, { ...issuer.serviceEnvironment, ...profiling, LOG_LEVEL: 'warn', DB_POOL_SIZE: String(argument('pool', 20)) }),
  );
  try {
    const seedStarted = performance.now();
    await vacuumTouchedTables(dataSource);
    const tokens = await seed(dataSource, tenantId, alertId, links);
    await dataSource.query(`ANALYZE ${touchedTables.join(', ')}`);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await Promise.all(services.map((service) => service.start()));
    const dashboard = followLiveView(services[0].baseUrl, alertId, await issuer.token(tenantId, 'admin'));

    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    const latency = createHistogram();
    const acknowledged: number[] = [];
    let next = 0;
    let failed = 0;
    const statuses = new Map<number, number>();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const statistics = keepStatisticsFresh(dataSource);
    await Promise.all(
      Array.from({ length: connections }, async (_, connection) => {
        const port = FIRST_PORT + (connection % processes);
        while (performance.now() < deadline && next < tokens.length) {
          const token = tokens[next++];
          const body = next % 3 === 0 ? 'safety=serious_injury&comment=%E8%B6%B3%E3%82%92%E9%AA%A8%E6%8A%98' : 'safety=safe';
          const sent = performance.now();
          const status = await post(agent, port, `/a/${token}`, body).catch(() => 0);
          const now = performance.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300) {
            latency.record(Math.max(1, Math.round((now - sent) * 1000)));
            acknowledged.push(now);
          } else failed++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    await statistics.stop();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    dashboard.stop();
    agent.destroy();

    const freshness = sseFreshness(acknowledged, dashboard.events);
    const stored = await verify(dataSource, tenantId, alertId);
    const ok = failed === 0 && Object.values(stored).every((count) => count === acknowledged.length);
    const ms = (microseconds: number) => Number((microseconds / 1000).toFixed(1));
    console.log(
      JSON.stringify(
        {
          date: new Date().toISOString(),
          command: `node -r @swc-node/register bench/answers/run.ts ${process.argv.slice(2).join(' ')}`,
          machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, loadAverageAtEnd: os.loadavg().map((value) => Number(value.toFixed(2))) },
          seconds: Number(elapsed.toFixed(1)),
          connections,
          processes,
          seedSeconds: Number(seedSeconds.toFixed(1)),
          answersAcknowledged: acknowledged.length,
          answersPerSecond: Math.round(acknowledged.length / elapsed),
          failedRequests: failed,
          statuses: Object.fromEntries(statuses),
          latencyMs: { p50: ms(latency.percentile(50)), p90: ms(latency.percentile(90)), p99: ms(latency.percentile(99)), max: ms(latency.max) },
          sseFreshnessMs: freshness,
          sseEvents: dashboard.events.length,
          storedAndCounted: stored,
          verified: ok,
        },
        null,
        2,
      ),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await Promise.all(services.map((service) => service.stop().catch(() => undefined)));
    await issuer.stop();
    await cleanUp(dataSource, tenantId, alertId);
    await dataSource.destroy();
  }
}

/** Departments (two levels), employees spread over them and over prefectures, an alert, links. */
async function seed(dataSource: DataSource, tenantId: string, alertId: string, links: number): Promise<string[]> {
  await dataSource.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'bench', 'ja', 'Asia/Tokyo', false)`, [tenantId]);
  const root = randomUUID();
  const departments = Array.from({ length: DEPARTMENTS }, () => randomUUID());
  await runInTenantTransaction(dataSource, tenantId, async (manager) => {
    await manager.query(`INSERT INTO directory_departments (tenant_id, department_id, parent_id, path, name) VALUES ($1, $2, NULL, ARRAY[$2::uuid], '本社')`, [tenantId, root]);
    await manager.query(
      `INSERT INTO directory_departments (tenant_id, department_id, parent_id, path, name)
       SELECT $1, id, $2, ARRAY[$2::uuid, id], '部署' || n FROM unnest($3::uuid[]) WITH ORDINALITY AS d(id, n)`,
      [tenantId, root, departments],
    );
    await manager.query(
      `INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at, opened_at)
       VALUES ($1, $2, 'bench', 'bench', $3, true, now() + interval '1 hour', now())`,
      [alertId, tenantId, JSON.stringify(safetyQuestions)],
    );
  });
  const tokens: string[] = [];
  for (let offset = 0; offset < links; offset += 5_000) {
    const count = Math.min(5_000, links - offset);
    const ids = Array.from({ length: count }, () => randomUUID());
    const issued = ids.map(() => newAnswerToken());
    tokens.push(...issued.map((link) => link.token));
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      await manager.query(
        `INSERT INTO directory_employees (tenant_id, employee_id, employee_number, department_ids, work_prefecture, home_prefecture, updated_at)
         SELECT $1, id, 'B' || ($3 + n), ARRAY[($2::uuid[])[1 + (($3 + n) % ${DEPARTMENTS})]], lpad((1 + ($3 + n) % 47)::text, 2, '0'), NULL, now()
         FROM unnest($4::uuid[]) WITH ORDINALITY AS e(id, n)`,
        [tenantId, departments, offset, ids],
      );
      await manager.query(
        `INSERT INTO answer_links (token_hash, tenant_id, alert_id, recipient_id, valid_until)
         SELECT hash, $1, $2, id, now() + interval '1 hour' FROM unnest($3::text[], $4::uuid[]) AS l(hash, id)`,
        [tenantId, alertId, issued.map((link) => link.tokenHash), ids],
      );
      await manager.query(
        `INSERT INTO alert_totals (alert_id, shard, tenant_id, recipients) VALUES ($1, 0, $2, $3)
         ON CONFLICT (alert_id, shard) DO UPDATE SET recipients = alert_totals.recipients + EXCLUDED.recipients`,
        [alertId, tenantId, count],
      );
      await addRecipients(manager, tenantId, alertId, ids);
    });
  }
  // Links are looked up by a random token: shuffle so the run is not in insertion order.
  for (let index = tokens.length - 1; index > 0; index--) {
    const other = randomBytes(4).readUInt32BE() % (index + 1);
    [tokens[index], tokens[other]] = [tokens[other], tokens[index]];
  }
  return tokens;
}

function post(agent: Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-forwarded-proto': 'https' } },
      (incoming) => {
        incoming.resume();
        incoming.on('end', () => resolve(incoming.statusCode ?? 0));
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A dashboard client on the SSE live view: when each summary arrived and its `responded`. */
function followLiveView(baseUrl: string, alertId: string, accessToken: string) {
  const events: { at: number; responded: number }[] = [];
  const controller = new AbortController();
  void (async () => {
    const response = await fetch(`${baseUrl}/v1/alerts/${alertId}/live`, { headers: { authorization: `Bearer ${accessToken}` }, signal: controller.signal });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      const at = performance.now();
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffered.slice(0, end));
        buffered = buffered.slice(end + 2);
        if (data) events.push({ at, responded: JSON.parse(data[1]).responded });
      }
    }
  })().catch(() => undefined);
  return { events, stop: () => controller.abort() };
}

/**
 * For each acknowledged answer (its 2xx arrived, so it was committed): the time until the first
 * SSE summary counting at least as many answers as had been acknowledged by then.
 */
function sseFreshness(acknowledged: number[], events: { at: number; responded: number }[]) {
  const sorted = [...acknowledged].sort((left, right) => left - right);
  const delays: number[] = [];
  let event = 0;
  sorted.forEach((at, index) => {
    while (event < events.length && (events[event].at < at || events[event].responded < index + 1)) event++;
    if (event < events.length) delays.push(events[event].at - at);
  });
  delays.sort((left, right) => left - right);
  const percentile = (p: number) => (delays.length ? Number(delays[Math.min(delays.length - 1, Math.floor((p / 100) * delays.length))].toFixed(1)) : null);
  return { measured: delays.length, p50: percentile(50), p99: percentile(99), max: delays.length ? Number(delays[delays.length - 1].toFixed(1)) : null };
}

/** Every count that must equal the number of 2xx answers. */
async function verify(dataSource: DataSource, tenantId: string, alertId: string) {
  return runInTenantTransaction(dataSource, tenantId, async (manager) => {
    const [row] = await manager.query(
      `SELECT (SELECT count(*)::int FROM answers WHERE alert_id = $1) AS "answersStored",
              (SELECT sum(responded)::int FROM alert_totals WHERE alert_id = $1) AS "respondedCounter",
              (SELECT coalesce(sum(answers), 0)::int FROM answer_choice_counts WHERE alert_id = $1 AND question_id = 'safety') AS "choiceCounters",
              (SELECT coalesce(sum(responded), 0)::int FROM breakdown_totals WHERE alert_id = $1 AND dimension = 'work_prefecture') AS "prefectureCounters",
              (SELECT sum(responded)::int FROM breakdown_totals b JOIN directory_departments d ON d.department_id::text = b.key WHERE b.alert_id = $1 AND b.dimension = 'department' AND d.parent_id IS NULL) AS "rootDepartmentCounter"`,
      [alertId],
    );
    return row as Record<string, number>;
  });
}

/** What the bench seeds, by the key it is deleted by. */
const alertTables = ['breakdown_choice_counts', 'breakdown_totals', 'alert_recipients', 'answer_choice_counts', 'first_answer_buckets', 'alert_totals', 'answers', 'answer_links', 'alert_projections'];
const tenantTables = ['directory_employees', 'directory_departments', 'known_tenants'];
const touchedTables = ['outbox', ...alertTables, ...tenantTables];

/**
 * The machine's PostgreSQL runs with autovacuum off (/etc/postgresql/15/main/conf.d/90-ci.conf);
 * a live system vacuums all the time. Without it every run left its deleted rows behind (1.5
 * million dead rows in alert_recipients after a morning of runs) and each run was slower than
 * the one before it, so the bench vacuums what it touches before it seeds (and analyzes after).
 */
async function vacuumTouchedTables(dataSource: DataSource) {
  await dataSource.query(`VACUUM (ANALYZE) ${touchedTables.join(', ')}`);
}

/**
 * Autovacuum's other job, done by hand because it is off here: a live database re-analyzes a
 * table once 50 rows + 10 % of it changed. Without it the planner kept the statistics taken
 * before the run — no answers at all — for the whole run, and from them chose index paths that
 * visit every answer of the alert per link: a 60 s run fell to a third of a 20 s run's rate
 * (docs/benchmarks.md, "Statistics during the run"). Every 10 s (autovacuum's naptime is 1 min;
 * in production the answers table has months of answers and its statistics already say what
 * one alert's rows look like), starting 3 s in.
 */
function keepStatisticsFresh(dataSource: DataSource): { stop: () => Promise<void> } {
  const grownTables = ['answers', 'outbox', 'alert_totals', 'answer_choice_counts', 'first_answer_buckets', 'breakdown_totals', 'breakdown_choice_counts'];
  let running = Promise.resolve();
  let failure: unknown;
  // One ANALYZE at a time; a failure is kept for stop() instead of becoming an unhandled rejection.
  const analyze = () => {
    running = running.then(() => dataSource.query(`ANALYZE ${grownTables.join(', ')}`)).then(
      () => undefined,
      (error: unknown) => void (failure ??= error),
    );
  };
  const first = setTimeout(analyze, 3_000);
  const every = setInterval(analyze, 10_000);
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(every);
      await running;
      if (failure) throw failure;
    },
  };
}

async function cleanUp(dataSource: DataSource, tenantId: string, alertId: string) {
  await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [alertId]);
  for (const table of alertTables) {
    await dataSource.query(`DELETE FROM ${table} WHERE alert_id = $1`, [alertId]);
  }
  for (const table of tenantTables) {
    await dataSource.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(3);
});
