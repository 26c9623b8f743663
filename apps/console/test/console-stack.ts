import { TOPICS } from '@anpi/contracts';
import { ensureAnpiTopics, LocalServiceName, localServiceEnvironment, localServices, MailCatcher, readLocalStackSettings, repositoryRoot, ScratchDatabase, ServiceProcess } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Browser, chromium } from 'playwright-core';

// Plain CommonJS, shared with `npm start` (scripts/local-services.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConsoleGateway } = require('../gateway/console-gateway.js') as {
  startConsoleGateway: (options: { port: number; upstreams: Record<string, { host: string; port: number }> }) => Promise<Server>;
};

/** Ports of this suite only (a developer's `npm start` on 3000–3004 can keep running). */
export const ports = { gateway: 3760, tenant: 3761, auth: 3762, dispatch: 3763, responses: 3764, smtp: 2760 };

/**
 * The console as users get it: freshly built, served by its gateway, in front of the four real
 * services (real PostgreSQL, real Kafka, real SMTP into a catcher).
 */
export class ConsoleStack {
  readonly mail = new MailCatcher(ports.smtp);
  readonly consoleUrl = `http://127.0.0.1:${ports.gateway}`;
  private readonly shared = {
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(ports.smtp),
    AUTH_JWKS_URL: `http://127.0.0.1:${ports.auth}/.well-known/jwks.json`,
  };
  /**
   * Consumer groups of this run only: on the shared broker, other suites' processes of the same
   * service would otherwise take this suite's events (and send its e-mails to their catcher).
   */
  private readonly groups = new Map<LocalServiceName, string>(
    (['tenant-service', 'auth-service', 'alert-dispatch-service', 'response-collection-service'] as const).map((service) => [service, `console-e2e-${service}-${Date.now().toString(36)}`]),
  );
  /**
   * Each service on a scratch database of its own: on the shared databases, other suites'
   * processes would drain this suite's mail outbox and deliveries into their own SMTP catchers.
   */
  private readonly databases = new Map<LocalServiceName, ScratchDatabase>();
  services: ServiceProcess[] = [];
  private readonly own = (service: LocalServiceName) => ({ ...this.shared, KAFKA_CONSUMER_GROUP: this.groups.get(service)!, DB_NAME: this.databases.get(service)!.name });
  private readonly processes = () => [
    new ServiceProcess('tenant-service', ports.tenant, this.own('tenant-service')),
    new ServiceProcess('auth-service', ports.auth, { ...this.own('auth-service'), CONSOLE_BASE_URL: this.consoleUrl }),
    new ServiceProcess('alert-dispatch-service', ports.dispatch, {
      ...this.own('alert-dispatch-service'),
      ANSWER_LINK_PLAIN_HTTP_BASE_URL: `http://127.0.0.1:${ports.responses}`,
      // Re-send rounds and closing are not what this suite watches; keep the scheduler quiet.
      ALERT_SCHEDULER_INTERVAL_MS: '60000',
    }),
    new ServiceProcess('response-collection-service', ports.responses, { ...this.own('response-collection-service'), DISPATCH_INTERNAL_URL: `http://127.0.0.1:${ports.dispatch}` }),
  ];
  private gateway: Server | undefined;

  async start(): Promise<void> {
    buildConsole();
    await ensureAnpiTopics();
    // New groups start at the end of every topic: the suite needs only the events it causes.
    await Promise.all([...this.groups.values()].map((group) => startGroupAtLatestOffsets(group)));
    await this.mail.start();
    for (const service of Object.keys(localServices) as LocalServiceName[]) this.databases.set(service, await migratedScratchDatabase(service));
    this.services = this.processes();
    await Promise.all(this.services.map((service) => service.start()));
    const upstreams = Object.fromEntries(this.services.map((service) => [service.service, { host: '127.0.0.1', port: service.port }])) as Record<LocalServiceName, { host: string; port: number }>;
    this.gateway = await startConsoleGateway({ port: ports.gateway, upstreams });
  }

  async stop(): Promise<void> {
    this.gateway?.closeAllConnections();
    await new Promise<void>((done) => (this.gateway ? this.gateway.close(() => done()) : done()));
    await Promise.all(this.services.map((service) => service.stop('SIGTERM')));
    await this.mail.stop();
    await this.kafkaAdmin((admin) => admin.deleteGroups([...this.groups.values()])).catch(() => undefined);
    await Promise.all([...this.databases.values()].map((database) => database.drop()));
  }

  private async kafkaAdmin<T>(work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
    const admin = new Kafka({ clientId: 'console-e2e', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /** Rows of one service's database, read as the superuser (row-level security does not hide them). */
  async query<T>(service: LocalServiceName, sql: string, parameters: unknown[]): Promise<T[]> {
    const settings = readLocalStackSettings();
    const client = new Client({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: this.databases.get(service)!.name });
    await client.connect();
    try {
      return (await client.query(sql, parameters)).rows as T[];
    } finally {
      await client.end();
    }
  }
}

/** A new database with the service's real migrations (run by its own migrate.js), open to the service's application role. */
async function migratedScratchDatabase(service: LocalServiceName): Promise<ScratchDatabase> {
  const database = await ScratchDatabase.create(`console_e2e_${localServices[service].databasePrefix}`);
  const environment = localServiceEnvironment(service, { DB_NAME: database.name, DB_MIGRATION_USER: 'postgres', DB_MIGRATION_PASSWORD: 'trust-auth' });
  const migration = spawnSync(process.execPath, [resolve(repositoryRoot, `apps/${service}/dist/migrate.js`)], { env: { PATH: process.env.PATH ?? '', ...environment }, encoding: 'utf8' });
  if (migration.status !== 0) throw new Error(`migrations of ${service} failed: ${migration.stderr || migration.stdout}`);
  const settings = readLocalStackSettings();
  const appRole = settings[`${localServices[service].databasePrefix}_DB_APP_USER`];
  const admin = database.dataSource();
  await admin.initialize();
  try {
    await admin.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${appRole}`);
    await admin.query(`GRANT USAGE ON SCHEMA public TO ${appRole}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole}`);
    await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole}`);
  } finally {
    await admin.destroy();
  }
  return database;
}

/**
 * Commits the current end of every Anpi topic for a new consumer group. What kafkajs'
 * admin.setOffsets does for one topic (seek while paused, stop on the first fetch), for all
 * topics in one group join instead of one join (~5 s) per topic.
 */
async function startGroupAtLatestOffsets(groupId: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'console-e2e', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = Object.values(TOPICS).map(({ name }) => name);
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolveSeek, rejectSeek) => {
    consumer.on(consumer.events.FETCH, () => consumer.stop().then(resolveSeek, rejectSeek));
    consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(rejectSeek);
    consumer.pause(topics.map((topic) => ({ topic })));
    for (const { topic, partitions } of ends) {
      for (const { partition, high } of partitions) consumer.seek({ topic, partition, offset: high });
    }
  });
  await consumer.disconnect();
}

/** The console under test is built from the current source, never a stale dist. */
export function buildConsole(): void {
  execFileSync(resolve(repositoryRoot, 'node_modules/.bin/vite'), ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], {
    cwd: repositoryRoot,
    stdio: 'inherit',
    env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
}

/** Debian's chromium (never a downloaded browser) with the flags of /work/shared/notes/platform-facts.md. */
export const chromiumLaunchOptions = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export const screenshotDirectory = resolve(repositoryRoot, 'apps/console/test-output/screenshots');

/** A CSV of `count` employees with the Japanese headers HR systems export; the first `inMiyagi` work in Miyagi (04). */
export function employeesCsv(count: number, inMiyagi: number, emailDomain: string): string {
  const lines = ['社員番号,氏名,氏名カナ,会社メール,勤務地都道府県'];
  for (let index = 1; index <= count; index += 1) {
    const number = `E${String(index).padStart(4, '0')}`;
    lines.push(`${number},社員 ${index}号,シャイン,${number.toLowerCase()}@${emailDomain},${index <= inMiyagi ? '04' : '13'}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The stack and Debian's chromium for one browser suite: call it at the top of a `describe`; both
 * start before its tests (hooks registered after this one run after it) and stop after them.
 */
export function browserSuite(): { readonly stack: ConsoleStack; readonly browser: Browser } {
  const stack = new ConsoleStack();
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(screenshotDirectory, { recursive: true });
    await stack.start();
    browser = await chromium.launch(chromiumLaunchOptions);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack.stop();
  }, 60_000);
  return {
    stack,
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll: use it inside a test');
      return browser;
    },
  };
}
