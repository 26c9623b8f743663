import { INTERNAL_API_TOKEN } from '@anpi/auth-guard';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { HttpErrorFilter } from '@anpi/service-bootstrap';
import { localServiceEnvironment } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import webPush from 'web-push';
import { TenantChannelSettingsStore } from '../src/channels';
import { NotificationOffersController } from '../src/channels/notification-offers.controller';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { PUSH_SUBSCRIPTIONS_PER_RECIPIENT, PushSubscriptionStore } from '../src/push-subscriptions/push-subscription';
import { PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP, PushSubscriptionsController } from '../src/push-subscriptions/push-subscriptions.controller';
import { LineLinkStore } from '../src/line-links/line-link-store';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';

function browserSubscription(endpoint: string) {
  const keys = createECDH('prime256v1');
  keys.generateKeys();
  return { endpoint, expirationTime: null, keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') } };
}

/**
 * The internal API through which the answer page's Web Push subscriptions reach dispatch, over
 * real HTTP (the internal-token guard, the service's error filter) on the real database (its
 * own role, RLS), and the recipient source handing the stored subscriptions to the senders.
 */
describe('push subscriptions from the answer page (real HTTP, real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const directoryCipher = new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID);
  const sealer = new ContactEventSealer(directoryCipher);
  const store = new PushSubscriptionStore(directoryCipher);
  const recipients = new ProjectedRecipientSource(dataSource, sealer, store, new LineLinkStore(directoryCipher));
  const channelSettings = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
  const [tenantId, otherTenantId] = [randomUUID(), randomUUID()];
  const [employeeId, colleagueId] = [randomUUID(), randomUUID()];
  let app: NestFastifyApplication;
  let baseUrl: string;

  const call = (method: string, path: string, body?: unknown, token: string | null = config.INTERNAL_API_TOKEN) =>
    fetch(`${baseUrl}/internal/v1/tenants/${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const register = (subscription: unknown, tenant = tenantId, recipient = employeeId) => call('PUT', `${tenant}/recipients/${recipient}/push-subscriptions`, subscription);
  const stored = () => runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT recipient_id, sealed FROM push_subscriptions ORDER BY registered_at'));

  beforeAll(async () => {
    await dataSource.initialize();
    for (const [tenant, people] of [[tenantId, [employeeId, colleagueId]], [otherTenantId, []]] as const) {
      await runInTenantTransaction(dataSource, tenant, async (manager) => {
        for (const person of people) {
          const contact = sealer.seal(tenant, person, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: `${person}@example.test`, privateEmails: [], mobilePhone: null });
          await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3)`, [tenant, person, contact]);
        }
      });
    }
    @Global()
    @Module({
      controllers: [PushSubscriptionsController, NotificationOffersController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: PushSubscriptionStore, useValue: store },
        { provide: TenantChannelSettingsStore, useValue: channelSettings },
        { provide: PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP, useValue: false },
        { provide: INTERNAL_API_TOKEN, useValue: config.INTERNAL_API_TOKEN },
      ],
    })
    class PushTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(PushTestModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    for (const tenant of [tenantId, otherTenantId]) {
      await runInTenantTransaction(dataSource, tenant, async (manager) => {
        for (const table of ['push_subscriptions', 'tenant_channel_settings', 'directory_recipients']) await manager.query(`DELETE FROM ${table}`);
      });
    }
    await dataSource.destroy();
  });

  it('answers only callers holding the internal token', async () => {
    expect((await call('GET', `${tenantId}/notification-offers`, undefined, null)).status).toBe(401);
    expect((await call('GET', `${tenantId}/notification-offers`, undefined, 'not-the-internal-token-0123456789abcdef')).status).toBe(401);
    expect((await register(browserSubscription('https://push.example/a'), tenantId, employeeId)).status).toBe(204);
    expect((await call('PUT', `${tenantId}/recipients/${employeeId}/push-subscriptions`, browserSubscription('https://push.example/b'), null)).status).toBe(401);
  });

  it('offers what the company has set up: Web Push with its VAPID public key, LINE once it has the webhook secret and the account', async () => {
    expect(await (await call('GET', `${otherTenantId}/notification-offers`)).json()).toEqual({ webPush: null, line: null });
    const vapid = webPush.generateVAPIDKeys();
    const line = { baseUrl: 'https://api.line.example', channelAccessToken: 'line-channel-access-token-0123456789' };
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      await channelSettings.saveChannel(manager, tenantId, 'web-push', { vapidSubject: 'mailto:crisis@example.test', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, timeToLiveSeconds: 3_600 }, 'test');
      await channelSettings.saveChannel(manager, tenantId, 'line', line, 'test');
    });
    expect(await (await call('GET', `${tenantId}/notification-offers`)).json()).toEqual({ webPush: { publicKey: vapid.publicKey }, line: null });
    await runInTenantTransaction(dataSource, tenantId, (manager) =>
      channelSettings.saveChannel(manager, tenantId, 'line', { ...line, channelSecret: '0123456789abcdef0123456789abcdef', officialAccountId: '@acme' }, 'test'),
    );
    expect(await (await call('GET', `${tenantId}/notification-offers`)).json()).toEqual({ webPush: { publicKey: vapid.publicKey }, line: { officialAccountId: '@acme' } });
  });

  it.each([
    ['keys that are not a P-256 public key and a 16-byte secret', { ...browserSubscription('https://push.example/c'), keys: { p256dh: 'c2hvcnQ', auth: 'c2hvcnQ' } }, ['keys.auth', 'keys.p256dh']],
    ['a plain-http push service', browserSubscription('http://push.example/d'), ['endpoint']],
    ['an unknown field', { ...browserSubscription('https://push.example/e'), owner: 'me' }, ['(body)']],
  ])('refuses %s with 400 naming the fields, and stores nothing', async (_case, subscription, paths) => {
    const before = (await stored()).length;
    const refused = await register(subscription);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: { path: string }[] }).details.map((detail) => detail.path).sort()).toEqual(paths);
    expect(await stored()).toHaveLength(before);
  });

  it('refuses a person the company’s directory does not have', async () => {
    expect((await register(browserSubscription('https://push.example/f'), tenantId, randomUUID())).status).toBe(404);
    expect((await register(browserSubscription('https://push.example/g'), otherTenantId, employeeId)).status).toBe(404);
  });

  it('keeps subscriptions sealed, one per browser and the newest few per person, and hands them to the senders', async () => {
    const phone = browserSubscription('https://push.example/phone');
    expect((await register(phone, tenantId, colleagueId)).status).toBe(204);
    expect((await register(phone, tenantId, colleagueId)).status).toBe(204);
    const rows: { recipient_id: string; sealed: string }[] = (await stored()).filter((row: { recipient_id: string }) => row.recipient_id === colleagueId);
    expect(rows).toHaveLength(1);
    expect(rows[0].sealed).not.toContain('push.example');
    expect(rows[0].sealed).not.toContain(phone.keys.auth);

    const browsers = Array.from({ length: PUSH_SUBSCRIPTIONS_PER_RECIPIENT + 1 }, (_, index) => browserSubscription(`https://push.example/browser-${index}`));
    for (const browser of browsers) expect((await register(browser, tenantId, employeeId)).status).toBe(204);
    const [colleague, employee] = await Promise.all([colleagueId, employeeId].map(async (id) => (await recipients.recipients(tenantId, [id]))[0]));
    expect(colleague.contacts.pushSubscriptions).toEqual([{ endpoint: phone.endpoint, keys: phone.keys }]);
    expect(employee.contacts.pushSubscriptions?.map((subscription) => subscription.endpoint)).toEqual(browsers.slice(1).reverse().map((browser) => browser.endpoint));
    expect(await recipients.recipients(otherTenantId, [employeeId])).toEqual([]);
  });
});
