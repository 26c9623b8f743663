import { loadConfig } from '@anpi/config';
import { validateEvent, type DisasterEventV1 } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction, runMigrations } from '@anpi/persistence';
import { MailCatcher, ScratchDatabase, localServiceEnvironment, readLocalStackSettings } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../src/answer-links/answer-token';
import { ChannelMetrics, ChannelRegistry, PostgresProviderRateLimiter, ProviderCircuitBreakers, TenantChannelSettingsStore, channelsSettingsFromConfig } from '../src/channels';
import { AlertDispatchServiceConfig, alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { SendDeliveries } from '../src/delivery/send-deliveries';
import { DisasterReportIntake } from '../src/disaster-feed/disaster-report-intake';
import { DisasterRuleEngine } from '../src/disaster-rules/disaster-rule-engine';
import { FanOutWorker } from '../src/fan-out/fan-out-worker';
import { queueFanOut } from '../src/fan-out/start-fan-out';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { TenantTemplatesStore } from '../src/templates';
import { PushSubscriptionStore } from '../src/push-subscriptions/push-subscription';

export const JMA_EXAMPLES = path.resolve(__dirname, '../../../../shared/fixtures/jma/examples');

export function readJmaExample(name: string): Buffer {
  return readFileSync(path.join(JMA_EXAMPLES, name));
}

export interface TestEmployee {
  id: string;
  email: string;
  workPrefecture: string | null;
  homePrefecture: string | null;
}

/**
 * The dispatch service's disaster path, in process, on a scratch copy of the dispatch database
 * (migrated by the real migrations, used through the application role so RLS applies) and a
 * real SMTP server: intake → disaster.event (read back from the outbox and validated as a
 * consumer would) → rule engine → alert.created → fan-out → deliveries.requested → e-mail.
 * Kafka is not in the loop: each outbox event is handed to its consumer directly, so the test
 * sees exactly its own events and no other test's process sees them.
 */
export class DisasterTestStack {
  readonly metrics = new Registry();
  readonly logger = pino({ level: 'silent' });
  readonly intake: DisasterReportIntake;
  readonly engine: DisasterRuleEngine;
  readonly fanOut: FanOutWorker;
  readonly send: SendDeliveries;
  private readonly sealer: ContactEventSealer;
  private readonly channels: ChannelRegistry;
  private handledOutboxId = 0;

  private constructor(
    readonly config: AlertDispatchServiceConfig,
    readonly dataSource: DataSource,
    readonly mail: MailCatcher,
    private readonly database: ScratchDatabase,
  ) {
    this.sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    const recipients = ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    const tokens = new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY);
    this.intake = new DisasterReportIntake(dataSource, this.logger, this.metrics, config.JMA_FEED_MAX_REPORT_BYTES);
    this.engine = new DisasterRuleEngine(dataSource, new CreateAlert(dataSource), recipients, this.logger, this.metrics, {
      tenantConcurrency: 4,
      maxReportAgeMinutes: config.JMA_REPORT_MAX_AGE_MINUTES,
    });
    this.fanOut = new FanOutWorker(dataSource, recipients, tokens, this.logger, this.metrics, { pageSize: 1000, concurrency: 1, idlePollMs: 50, answerGraceMs: 3_600_000 });
    const channelSettings = channelsSettingsFromConfig(config);
    const channelMetrics = new ChannelMetrics(this.metrics);
    this.channels = new ChannelRegistry(
      channelSettings,
      new ProviderCircuitBreakers(channelSettings.circuitBreaker, channelMetrics),
      new PostgresProviderRateLimiter(dataSource, channelSettings.rateLimits, channelSettings.rateLimitPermitBatch),
      channelMetrics,
    );
    this.send = new SendDeliveries(dataSource, recipients, tokens, this.channels, new TenantTemplatesStore(), this.logger, this.metrics, {
      answerLinks: { httpsBaseUrl: config.ANSWER_LINK_BASE_URL },
      channelSettings: { email: { host: '127.0.0.1', port: mail.listeningPort, secure: false, from: config.MAIL_FROM } },
      tenantChannelSettings: new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID)),
      maxSmsSegments: config.SMS_MAX_SEGMENTS,
      concurrency: 50,
      staleSendingMs: 60_000,
      pushSubscriptions: new PushSubscriptionStore(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)),
    });
  }

  static async start(prefix: string, overrides: Record<string, string> = {}): Promise<DisasterTestStack> {
    const mail = await new MailCatcher().start();
    const database = await ScratchDatabase.create(prefix);
    const settings = readLocalStackSettings();
    // JMA's samples date from 2008–2011: replaying them needs the report age limit off.
    const config = loadConfig(
      alertDispatchServiceConfigSchema,
      localServiceEnvironment('alert-dispatch-service', { DB_NAME: database.name, DB_POOL_SIZE: '8', JMA_FEED_POLL_ENABLED: 'false', JMA_REPORT_MAX_AGE_MINUTES: '0', ...overrides }),
    );
    // The real migrations, run by a superuser who then lets the application role in as the
    // stack does for the service database: the application role is subject to RLS.
    const migrationOptions = buildDataSourceOptions(config, alertDispatchServiceDatabase, 'migration') as PostgresConnectionOptions;
    await runMigrations(new DataSource({ ...migrationOptions, username: 'postgres', password: undefined }), () => undefined);
    const admin = await database.dataSource().initialize();
    await admin.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${settings.DISPATCH_DB_APP_USER}`);
    await admin.query(`GRANT USAGE ON SCHEMA public TO ${settings.DISPATCH_DB_APP_USER}`);
    await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${settings.DISPATCH_DB_APP_USER}`);
    await admin.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${settings.DISPATCH_DB_APP_USER}`);
    await admin.destroy();
    const dataSource = await new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase)).initialize();
    return new DisasterTestStack(config, dataSource, mail, database);
  }

  async stop(): Promise<void> {
    await this.channels.close();
    await this.dataSource.destroy();
    await this.database.drop();
    await this.mail.stop();
  }

  /** A company as dispatch learns it from tenant.created: the default disaster rule comes with it. */
  async addTenant(employees: readonly Omit<TestEmployee, 'id'>[]): Promise<{ tenantId: string; employees: TestEmployee[] }> {
    const [tenant] = await this.addTenants(1, () => [...employees]);
    return tenant;
  }

  /** Many companies at once (benchmarks): `employeesOf(tenantIndex)` gives each one's staff. */
  async addTenants(count: number, employeesOf: (tenantIndex: number) => Omit<TestEmployee, 'id'>[]): Promise<{ tenantId: string; employees: TestEmployee[] }[]> {
    const tenants: { tenantId: string; employees: TestEmployee[] }[] = [];
    for (let index = 0; index < count; index++) {
      const tenantId = randomUUID();
      const employees = employeesOf(index).map((employee) => ({ ...employee, id: randomUUID() }));
      const sealed = employees.map((employee) =>
        this.sealer.seal(tenantId, employee.id, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: employee.email, privateEmails: [], mobilePhone: null }),
      );
      await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
        await manager.query(
          `INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'テスト株式会社', 'ja', 'Asia/Tokyo', false)`,
          [tenantId],
        );
        await manager.query(
          `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, department_ids, work_prefecture, home_prefecture, contact_ciphertext)
           SELECT $1, id, true, 'ja', '{}', work, home, sealed FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS t(id, work, home, sealed)`,
          [tenantId, employees.map((e) => e.id), employees.map((e) => e.workPrefecture), employees.map((e) => e.homePrefecture), sealed],
        );
      });
      tenants.push({ tenantId, employees });
    }
    return tenants;
  }

  /** Hands each new outbox event to the consumer the service runs for it, until nothing is left. */
  async runConsumers(options: { send?: boolean } = {}): Promise<void> {
    for (;;) {
      const rows: { id: string; envelope: unknown }[] = await this.dataSource.query('SELECT id, envelope FROM outbox WHERE id > $1 ORDER BY id', [this.handledOutboxId]);
      if (rows.length === 0) return;
      for (const row of rows) {
        this.handledOutboxId = Number(row.id);
        const validation = validateEvent(row.envelope);
        if (!validation.ok) throw new Error(`invalid event in the outbox: ${validation.reason}`);
        await this.consume(validation.event.type, validation.event.tenantId, validation.event.payload, options.send ?? true);
      }
    }
  }

  private async consume(type: string, tenantId: string, payload: unknown, send: boolean): Promise<void> {
    if (type === 'disaster.event') await this.engine.evaluate(payload as DisasterEventV1);
    if (type === 'alert.created') {
      const { alertId } = payload as { alertId: string };
      await runInTenantTransaction(this.dataSource, tenantId, (manager) => queueFanOut(manager, tenantId, alertId, 1));
      while (await this.fanOut.processNextPage());
    }
    if (type === 'deliveries.requested' && send) {
      const { alertId, deliveryIds } = payload as { alertId: string; deliveryIds: string[] };
      await this.send.execute(tenantId, alertId, deliveryIds);
    }
  }

  /** Sends what earlier runConsumers({ send: false }) left queued. */
  async sendQueued(): Promise<void> {
    const rows: { envelope: { tenantId: string; payload: { alertId: string; deliveryIds: string[] } } }[] = await this.dataSource.query(
      `SELECT envelope FROM outbox WHERE envelope->>'type' = 'deliveries.requested' ORDER BY id`,
    );
    for (const { envelope } of rows) await this.send.execute(envelope.tenantId, envelope.payload.alertId, envelope.payload.deliveryIds);
  }

  async outboxEvents(type: string): Promise<{ tenantId: string; payload: Record<string, unknown> }[]> {
    const rows: { envelope: { tenantId: string; payload: Record<string, unknown> } }[] = await this.dataSource.query(`SELECT envelope FROM outbox WHERE envelope->>'type' = $1 ORDER BY id`, [type]);
    return rows.map((row) => row.envelope);
  }

  async alertsOf(tenantId: string): Promise<{ id: string; state: string; drill: boolean; title: string; source: string }[]> {
    return runInTenantTransaction(this.dataSource, tenantId, (manager) => manager.query('SELECT id, state, drill, title, source FROM alerts ORDER BY created_at'));
  }
}

/** The sum of a metric's values whose labels include `labels`; 0 when absent. */
export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const values = (metric as { values: { labels: Record<string, string>; value: number }[] } | undefined)?.values ?? [];
  return values.filter((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected)).reduce((sum, value) => sum + value.value, 0);
}
