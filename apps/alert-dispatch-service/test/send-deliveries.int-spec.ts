import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, ScratchDatabase } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import webPush from 'web-push';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../src/answer-links/answer-token';
import {
  ChannelAdapter,
  ChannelKind,
  ChannelMessage,
  ChannelMetrics,
  ChannelRegistry,
  DeliveryOutcome,
  permanentFailure,
  PostgresProviderRateLimiter,
  ProviderCircuitBreakers,
  TenantChannelSettingsStore,
  channelsSettingsFromEnvironment,
  createChannelTables,
  sent,
  vendorAdapterFactories,
} from '../src/channels';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { SendDeliveries } from '../src/delivery/send-deliveries';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { TenantTemplatesStore } from '../src/templates';
import { PushSubscriptionStore } from '../src/push-subscriptions/push-subscription';

/** A channel that accepts every message after a moment, and remembers who got one and how many were in flight at once. */
class RecordingChannel implements ChannelAdapter {
  readonly received: string[] = [];
  readonly subjects: string[] = [];
  inFlight = 0;
  mostInFlight = 0;

  constructor(readonly kind: ChannelKind = 'webhook') {}

  providerFor() {
    return { channel: this.kind, host: 'recording.invalid', account: 'test' };
  }

  async send(message: ChannelMessage): Promise<DeliveryOutcome> {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight -= 1;
    this.received.push(message.recipientAddress);
    this.subjects.push(message.subject);
    return sent(`recorded-${message.deliveryId}`);
  }

  async close(): Promise<void> {}
}

/** A push service that says the subscriptions at …/gone… are gone (410), as after the browser unsubscribed, and accepts the others. */
class PushServiceWithGoneBrowsers implements ChannelAdapter {
  readonly kind = 'web-push' as const;
  readonly tried: string[] = [];

  providerFor() {
    return { channel: this.kind, host: 'push.invalid', account: 'test' };
  }

  async send(message: ChannelMessage): Promise<DeliveryOutcome> {
    const { endpoint } = JSON.parse(message.recipientAddress) as { endpoint: string };
    this.tried.push(endpoint);
    return endpoint.includes('/gone') ? permanentFailure('rejected-recipient', 'push subscription gone (410)') : sent(`pushed-${endpoint}`);
  }

  async close(): Promise<void> {}
}

/**
 * Sending one page of deliveries on the real dispatch database, as the service's own role:
 * chunks of `concurrency`, people who answered meanwhile not asked again, a page handled twice
 * sending nothing twice, and a delivery a dead pod left in `sending` sent again once stale.
 */
describe('sending a page of deliveries (real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tenantId = randomUUID();
  const recipientIds = Array.from({ length: 25 }, () => randomUUID());
  const answered = new Set(recipientIds.slice(0, 3));
  const recorder = new RecordingChannel();
  const pushService = new PushServiceWithGoneBrowsers();
  const mailbox = new RecordingChannel('email');
  const directoryCipher = new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID);
  const tenantChannelSettings = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
  let channelDatabase: ScratchDatabase;
  let channelTables: DataSource;
  let registry: ChannelRegistry;
  let metrics: Registry;
  let sender: SendDeliveries;
  let alertId: string;

  const inTenant = <T>(work: Parameters<typeof runInTenantTransaction<T>>[2]) => runInTenantTransaction(dataSource, tenantId, work);
  const deliveries = async (): Promise<{ recipient_id: string; state: string; attempts: number }[]> =>
    inTenant((manager) => manager.query('SELECT recipient_id, state, attempts FROM deliveries WHERE alert_id = $1 ORDER BY recipient_id', [alertId]));
  const deliveryIds = async (): Promise<string[]> => (await inTenant((manager) => manager.query('SELECT id FROM deliveries WHERE alert_id = $1 ORDER BY id', [alertId]))).map((row: { id: string }) => row.id);

  beforeAll(async () => {
    await dataSource.initialize();
    channelDatabase = await ScratchDatabase.create('anpi_send_deliveries');
    channelTables = await channelDatabase.dataSource().initialize();
    await createChannelTables(channelTables);
    const settings = channelsSettingsFromEnvironment({});
    metrics = new Registry();
    const channelMetrics = new ChannelMetrics(metrics);
    registry = new ChannelRegistry(
      settings,
      new ProviderCircuitBreakers(settings.circuitBreaker, channelMetrics),
      new PostgresProviderRateLimiter(channelTables, settings.rateLimits, settings.rateLimitPermitBatch),
      channelMetrics,
      { ...vendorAdapterFactories, webhook: () => recorder, 'web-push': () => pushService, email: () => mailbox },
    );
    sender = new SendDeliveries(dataSource, ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)), new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY), registry, new TenantTemplatesStore(), pino({ level: 'silent' }), metrics, {
      answerLinks: { httpsBaseUrl: 'https://anpi.example' },
      channelSettings: {},
      tenantChannelSettings,
      maxSmsSegments: 3,
      concurrency: 10,
      staleSendingMs: 60_000,
      pushSubscriptions: new PushSubscriptionStore(directoryCipher),
    });
    const command = createAlertCommandSchema.parse({ title: '安否確認', message: '回答してください', target: { kind: 'all' }, channels: ['webhook'] });
    alertId = (await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'test', source: 'manual' }, command)).alert.id;
    await inTenant(async (manager) => {
      for (const recipientId of recipientIds) {
        const contact = sealer.seal(tenantId, recipientId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: null, privateEmails: [], mobilePhone: null });
        await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3)`, [tenantId, recipientId, contact]);
      }
      await manager.query(
        `INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order) SELECT gen_random_uuid(), $1, $2, 1, r, '{webhook}' FROM unnest($3::uuid[]) AS r`,
        [tenantId, alertId, recipientIds],
      );
      await manager.query('INSERT INTO responded_recipients (tenant_id, alert_id, recipient_id, responded_at) SELECT $1, $2, r, now() FROM unnest($3::uuid[]) AS r', [tenantId, alertId, [...answered]]);
    });
  });

  afterAll(async () => {
    await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
    await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
    await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
    await inTenant(async (manager) => {
      for (const table of ['responded_recipients', 'deliveries', 'alerts', 'push_subscriptions', 'tenant_channel_settings', 'directory_recipients']) await manager.query(`DELETE FROM ${table}`);
    });
    await registry?.close();
    await channelTables?.destroy();
    await channelDatabase?.drop();
    await dataSource.destroy();
  });

  it('sends each queued delivery once, at most `concurrency` at a time, and cancels those of people who already answered', async () => {
    await sender.execute(tenantId, alertId, await deliveryIds());

    const waiting = recipientIds.filter((recipientId) => !answered.has(recipientId));
    expect([...recorder.received].sort()).toEqual([...waiting].sort());
    expect(recorder.mostInFlight).toBeLessThanOrEqual(10);
    expect(await deliveries()).toEqual(
      [...recipientIds].sort().map((recipientId) => (answered.has(recipientId) ? { recipient_id: recipientId, state: 'cancelled', attempts: 0 } : { recipient_id: recipientId, state: 'sent', attempts: 1 })),
    );
    const [{ events }] = await dataSource.query(`SELECT count(*)::int AS events FROM outbox WHERE envelope->>'tenantId' = $1 AND topic = 'delivery.outcomes'`, [tenantId]);
    expect(events).toBeGreaterThanOrEqual(3); // one per chunk that sent something: 22 sends in chunks of at most 10
  });

  it('sends nothing twice when the same page is handled again', async () => {
    const before = recorder.received.length;
    await sender.execute(tenantId, alertId, await deliveryIds());

    expect(recorder.received).toHaveLength(before);
  });

  it('sends again, once, a delivery that a dead pod left in `sending` long enough ago', async () => {
    const [abandoned] = recipientIds.filter((recipientId) => !answered.has(recipientId));
    await inTenant((manager) =>
      manager.query(`UPDATE deliveries SET state = 'sending', updated_at = now() - interval '2 minutes' WHERE alert_id = $1 AND recipient_id = $2`, [alertId, abandoned]),
    );
    const before = recorder.received.length;

    await sender.execute(tenantId, alertId, await deliveryIds());
    await sender.execute(tenantId, alertId, await deliveryIds());

    expect(recorder.received.slice(before)).toEqual([abandoned]);
    expect((await deliveries()).find((delivery) => delivery.recipient_id === abandoned)).toEqual({ recipient_id: abandoned, state: 'sent', attempts: 2 });
    expect((await metrics.getSingleMetric('anpi_deliveries_resent_after_crash_total')!.get()).values[0].value).toBe(1);
  });

  it('marks a re-send round as a reminder; the first round is not', async () => {
    const [again] = recipientIds.filter((recipientId) => !answered.has(recipientId));
    const [{ id }]: { id: string }[] = await inTenant((manager) =>
      manager.query(`INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order) VALUES (gen_random_uuid(), $1, $2, 2, $3, '{webhook}') RETURNING id`, [tenantId, alertId, again]),
    );
    const before = recorder.received.length;

    await sender.execute(tenantId, alertId, [id]);

    expect(recorder.received.slice(before)).toEqual([again]);
    expect(recorder.subjects.slice(before)).toEqual(['【再送】【安否確認】安否確認']);
    expect(recorder.subjects.slice(0, before).every((subject) => subject === '【安否確認】安否確認')).toBe(true);
  });

  const deliveryTo = async (person: string, round: number, channels: string): Promise<string> => {
    const [{ id }]: { id: string }[] = await inTenant((manager) =>
      manager.query(`INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order) VALUES (gen_random_uuid(), $1, $2, $3, $4, $5) RETURNING id`, [tenantId, alertId, round, person, channels]),
    );
    return id;
  };
  const subscribe = (person: string, endpoints: readonly string[]) =>
    inTenant(async (manager) => {
      const vapid = webPush.generateVAPIDKeys();
      await tenantChannelSettings.saveChannel(manager, tenantId, 'web-push', { vapidSubject: 'mailto:crisis@example.test', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, timeToLiveSeconds: 600 }, 'test');
      for (const [index, endpoint] of endpoints.entries()) {
        await pushSubscriptions.register(manager, tenantId, person, { endpoint, keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, index).toString('base64url') } });
      }
    });
  const pushSubscriptions = new PushSubscriptionStore(directoryCipher);
  const subscribedEndpoints = async (person: string) =>
    (await ProjectedRecipientSource.overKeyRing(dataSource, directoryCipher).recipients(tenantId, [person]))[0].contacts.pushSubscriptions?.map((subscription) => subscription.endpoint);
  const stateOf = async (id: string) => (await inTenant((manager) => manager.query('SELECT state, channel_used FROM deliveries WHERE id = $1', [id])))[0];

  it('mails every mailbox a person gave — company and private, each once whatever its case — and records one sent delivery', async () => {
    const person = recipientIds[21];
    const contact = sealer.seal(tenantId, person, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: 'Taro@acme.example', privateEmails: ['taro@ACME.example', 'taro@home.example'], mobilePhone: null });
    await inTenant((manager) => manager.query('UPDATE directory_recipients SET contact_ciphertext = $2 WHERE employee_id = $1', [person, contact]));
    const id = await deliveryTo(person, 4, '{email,webhook}');
    const before = recorder.received.length;

    await sender.execute(tenantId, alertId, [id]);

    expect([...mailbox.received].sort()).toEqual(['Taro@acme.example', 'taro@home.example']);
    expect(recorder.received.length).toBe(before);
    expect(await stateOf(id)).toEqual({ state: 'sent', channel_used: 'email' });
  });

  it('pushes to every browser a person subscribed, forgets the ones their push service reports gone, and counts the delivery as sent', async () => {
    const person = recipientIds[22];
    await subscribe(person, ['https://push.example/phone', 'https://push.example/gone-tablet']);
    const id = await deliveryTo(person, 3, '{web-push,webhook}');
    const [before, pushedBefore] = [recorder.received.length, pushService.tried.length];

    await sender.execute(tenantId, alertId, [id]);

    expect(pushService.tried.slice(pushedBefore).sort()).toEqual(['https://push.example/gone-tablet', 'https://push.example/phone']);
    expect(recorder.received.length).toBe(before);
    expect(await stateOf(id)).toEqual({ state: 'sent', channel_used: 'web-push' });
    expect(await subscribedEndpoints(person)).toEqual(['https://push.example/phone']);
  });

  it('forgets every push subscription their push service reports gone, and reaches the person on the next channel', async () => {
    const person = recipientIds[20];
    await subscribe(person, ['https://push.example/gone-older', 'https://push.example/gone']);
    const id = await deliveryTo(person, 3, '{web-push,webhook}');
    const [before, pushedBefore] = [recorder.received.length, pushService.tried.length];

    await sender.execute(tenantId, alertId, [id]);

    expect(pushService.tried.slice(pushedBefore).sort()).toEqual(['https://push.example/gone', 'https://push.example/gone-older']);
    expect(recorder.received.slice(before)).toEqual([person]);
    expect(await stateOf(id)).toEqual({ state: 'sent', channel_used: 'webhook' });
    expect(await subscribedEndpoints(person)).toEqual([]);
  });
});
