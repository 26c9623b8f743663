import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment, MailCatcher, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../src/alerts/create-alert.command';
import { CreateAlert } from '../src/alerts/create-alert.use-case';
import { AnswerTokenIssuer } from '../src/answer-links/answer-token';
import { TenantChannelSettingsStore, redactChannelSettings } from '../src/channels';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { SendDeliveries } from '../src/delivery/send-deliveries';
import { FanOutWorker } from '../src/fan-out/fan-out-worker';
import { queueFanOut } from '../src/fan-out/start-fan-out';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { TenantTemplatesStore } from '../src/templates';
import { ChannelTestStack } from './channels/channel-test-stack';
import { fanOutFinished } from './dispatch-database-support';
import { PushSubscriptionStore } from '../src/push-subscriptions/push-subscription';

/**
 * A tenant's own providers: sealed at rest, never readable by another tenant, shown redacted,
 * and used by the senders instead of the installation's — on the real dispatch database and
 * two real SMTP servers (the installation's and the tenant's).
 */
describe('per-tenant channel settings (real PostgreSQL, real SMTP servers)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const store = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
  const recipients = ProjectedRecipientSource.overKeyRing(dataSource, new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const tokens = new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY);
  const ownSmtpTenant = randomUUID();
  const installationTenant = randomUUID();
  const installationMail = new MailCatcher();
  const tenantMail = new MailCatcher();
  let channels: ChannelTestStack;

  const inTenant = <T>(tenantId: string, work: Parameters<typeof runInTenantTransaction<T>>[2]) => runInTenantTransaction(dataSource, tenantId, work);
  const emailOf = (tenantId: string, index: number) => `person${index}@${tenantId.slice(0, 8)}.example`;

  async function sendAlertTo(tenantId: string): Promise<void> {
    const command = createAlertCommandSchema.parse({ title: '安否確認', message: '回答してください', target: { kind: 'all' } });
    const alertId = (await new CreateAlert(dataSource).execute({ tenantId, createdBy: 'test', source: 'manual' }, command)).alert.id;
    await inTenant(tenantId, (manager) => queueFanOut(manager, tenantId, alertId, 1));
    const worker = new FanOutWorker(dataSource, recipients, tokens, pino({ level: 'silent' }), new Registry(), { pageSize: 100, concurrency: 1, idlePollMs: 50, answerGraceMs: 0 });
    await waitFor(
      async () => {
        await worker.processNextPage();
        return fanOutFinished(dataSource, alertId);
      },
      { timeoutMs: 20_000, intervalMs: 20, what: 'fan-out finished' },
    );
    const deliveryIds = (await inTenant(tenantId, (manager) => manager.query('SELECT id FROM deliveries WHERE alert_id = $1', [alertId]))).map((row: { id: string }) => row.id);
    const sender = new SendDeliveries(dataSource, recipients, tokens, channels.registry, new TenantTemplatesStore(), pino({ level: 'silent' }), new Registry(), {
      answerLinks: { httpsBaseUrl: 'https://anpi.example' },
      channelSettings: { email: { host: '127.0.0.1', port: installationMail.listeningPort, secure: false, from: 'Anpi <anpi@installation.example>' } },
      tenantChannelSettings: store,
      maxSmsSegments: 3,
      concurrency: 10,
      staleSendingMs: 60_000,
      pushSubscriptions: new PushSubscriptionStore(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)),
    });
    await sender.execute(tenantId, alertId, deliveryIds);
  }

  beforeAll(async () => {
    await Promise.all([dataSource.initialize(), installationMail.start(), tenantMail.start()]);
    channels = await ChannelTestStack.start();
    for (const tenantId of [ownSmtpTenant, installationTenant]) {
      await inTenant(tenantId, async (manager) => {
        for (const index of [1, 2]) {
          const employeeId = randomUUID();
          const contact = sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: emailOf(tenantId, index), privateEmails: [], mobilePhone: null });
          await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, contact_ciphertext) VALUES ($1, $2, true, 'ja', $3)`, [tenantId, employeeId, contact]);
        }
      });
    }
  });

  afterAll(async () => {
    for (const tenantId of [ownSmtpTenant, installationTenant]) {
      await dataSource.query(`DELETE FROM outbox WHERE envelope->>'tenantId' = $1`, [tenantId]);
      await dataSource.query('DELETE FROM fan_out_jobs WHERE tenant_id = $1', [tenantId]);
      await dataSource.query('DELETE FROM alert_schedule WHERE tenant_id = $1', [tenantId]);
      await inTenant(tenantId, async (manager) => {
        for (const table of ['tenant_channel_settings', 'deliveries', 'alerts', 'directory_recipients']) await manager.query(`DELETE FROM ${table}`);
      });
    }
    await channels?.stop();
    await Promise.all([installationMail.stop(), tenantMail.stop()]);
    await dataSource.destroy();
  });

  it('stores credentials sealed, readable only by their tenant, and shows them redacted', async () => {
    const sms = { baseUrl: 'https://api.twilio.example', accountSid: 'AC0123456789', authToken: 'sms-auth-token-secret', from: '+815012345678' };
    await inTenant(ownSmtpTenant, (manager) =>
      store.saveChannel(manager, ownSmtpTenant, 'email', { host: 'smtp.acme.example', port: 587, secure: false, from: 'a@acme.example', auth: { user: 'acme', pass: 'smtp-password-secret' } }, 'admin-1'),
    );
    const saved = await inTenant(ownSmtpTenant, (manager) => store.saveChannel(manager, ownSmtpTenant, 'sms', sms, 'admin-1'));
    expect(redactChannelSettings(saved)).toEqual({
      email: { host: 'smtp.acme.example', port: 587, secure: false, from: 'a@acme.example', auth: { user: 'acme', pass: '(stored)' } },
      sms: { ...sms, authToken: '(stored)' },
    });
    const [row] = await inTenant(ownSmtpTenant, (manager) => manager.query('SELECT settings_ciphertext, updated_by FROM tenant_channel_settings'));
    expect(row.updated_by).toBe('admin-1');
    for (const plain of ['smtp-password-secret', 'sms-auth-token-secret', 'acme.example']) expect(row.settings_ciphertext).not.toContain(plain);

    expect(await inTenant(installationTenant, (manager) => store.load(manager, installationTenant))).toEqual({});
    expect(await inTenant(installationTenant, (manager) => manager.query('SELECT tenant_id FROM tenant_channel_settings'))).toEqual([]);
    // The sealed value copied into another tenant's row does not open there.
    await inTenant(installationTenant, (manager) =>
      manager.query('INSERT INTO tenant_channel_settings (tenant_id, settings_ciphertext, updated_by) VALUES ($1, $2, $3)', [installationTenant, row.settings_ciphertext, 'copy']),
    );
    await expect(inTenant(installationTenant, (manager) => store.load(manager, installationTenant))).rejects.toThrow();
    await inTenant(installationTenant, (manager) => manager.query('DELETE FROM tenant_channel_settings'));
  });

  it("sends through the tenant's own SMTP server, and everyone else's through the installation's", async () => {
    await inTenant(ownSmtpTenant, (manager) =>
      store.saveChannel(manager, ownSmtpTenant, 'email', { host: '127.0.0.1', port: tenantMail.listeningPort, secure: false, from: 'Acme 安否 <anpi@acme.example>' }, 'admin-1'),
    );
    await sendAlertTo(ownSmtpTenant);
    await sendAlertTo(installationTenant);
    const addresses = (mails: MailCatcher) => mails.mails.flatMap((mail) => mail.recipients).sort();
    expect(addresses(tenantMail)).toEqual([emailOf(ownSmtpTenant, 1), emailOf(ownSmtpTenant, 2)].sort());
    expect(tenantMail.mails.every((mail) => mail.from === 'anpi@acme.example')).toBe(true);
    expect(addresses(installationMail)).toEqual([emailOf(installationTenant, 1), emailOf(installationTenant, 2)].sort());

    // Removed: the tenant is back on the installation's server.
    await inTenant(ownSmtpTenant, (manager) => store.saveChannel(manager, ownSmtpTenant, 'email', undefined, 'admin-1'));
    await sendAlertTo(ownSmtpTenant);
    expect(addresses(installationMail)).toEqual([emailOf(installationTenant, 1), emailOf(installationTenant, 2), emailOf(ownSmtpTenant, 1), emailOf(ownSmtpTenant, 2)].sort());
    expect(tenantMail.mails).toHaveLength(2);
  });
});
