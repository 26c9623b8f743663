import { Registry } from 'prom-client';
import { ChannelAdapter, ChannelKind, ChannelMessage, DeliveryOutcome, ProviderIdentity, permanentFailure, sent, transientFailure } from './channel';
import { ChannelMetrics } from './channel-metrics';
import { ChannelRegistry, ChannelSettingsError, FallbackMessage, TenantChannels, vendorAdapterFactories } from './channel-registry';
import { channelsSettingsFromEnvironment } from './channels-settings';
import { ProviderCircuitBreakers } from './provider-circuit-breakers';
import { ResilientChannel } from './resilient-channel';
import { TenantChannelSettings } from './tenant-channel-settings';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const settings = channelsSettingsFromEnvironment({ CHANNEL_RETRY_MAX_ATTEMPTS: '1' });
const tenantSettings: TenantChannelSettings = {
  sms: { baseUrl: 'https://sms.example', accountSid: 'AC0123456789', authToken: 'token-0123456789', from: '+815000000000' },
  line: { baseUrl: 'https://line.example', channelAccessToken: 'line-channel-access-token' },
  webhook: { url: 'https://hooks.example/anpi', signingSecret: 's'.repeat(32) },
};

const message: FallbackMessage = {
  deliveryId: '0193f0c8-0000-7000-8000-000000000001',
  tenantId,
  answerUrl: 'https://anpi.example/a/t',
  drill: false,
  language: 'ja',
  recipientAddresses: { sms: ['+819012345678'], line: [`U${'0'.repeat(32)}`], webhook: ['employee-1'] },
  rendered: { sms: { subject: 's', body: 'b' }, line: { subject: 's', body: 'b' }, webhook: { subject: 's', body: 'b' } },
};

/** Stands in for the real adapter of a channel; answers with a fixed outcome. */
class FixedAdapter implements ChannelAdapter {
  calls: ChannelMessage[] = [];

  constructor(
    readonly kind: ChannelKind,
    private readonly outcome: DeliveryOutcome | ((address: string) => DeliveryOutcome),
  ) {}

  providerFor(): ProviderIdentity {
    return { channel: this.kind, host: `${this.kind}.example`, account: 'a' };
  }

  async send(message: ChannelMessage): Promise<DeliveryOutcome> {
    this.calls.push(message);
    return typeof this.outcome === 'function' ? this.outcome(message.recipientAddress) : this.outcome;
  }

  async close(): Promise<void> {}
}

describe('TenantChannels.sendWithFallback', () => {
  const metrics = new ChannelMetrics(new Registry());
  const breakers = new ProviderCircuitBreakers(settings.circuitBreaker, metrics);
  afterAll(() => breakers.shutdown());

  function tenantChannels(outcomes: Partial<Record<ChannelKind, DeliveryOutcome | ((address: string) => DeliveryOutcome)>>, forTenant: TenantChannelSettings = tenantSettings) {
    const adapters = new Map<ChannelKind, FixedAdapter>();
    const build = (kind: ChannelKind) => {
      const adapter = new FixedAdapter(kind, outcomes[kind] ?? sent(`${kind}-id`));
      adapters.set(kind, adapter);
      return new ResilientChannel(adapter, { retry: settings.retry, timeoutMs: 1_000, breakers, rateLimiter: { acquire: async () => undefined }, metrics });
    };
    return { channels: new TenantChannels(tenantId, forTenant, build, settings), adapters };
  }

  it('stops at the first channel that delivers', async () => {
    const { channels, adapters } = tenantChannels({});
    const result = await channels.sendWithFallback(message, ['sms', 'line']);
    expect(result).toMatchObject({ sentBy: 'sms', outcome: { status: 'sent', providerMessageId: 'sms-id' } });
    expect(result.attempts.map((attempt) => attempt.channel)).toEqual(['sms']);
    expect(adapters.has('line')).toBe(false);
  });

  it('moves on to the next channel after a permanent failure, with that channel’s address and text', async () => {
    const { channels, adapters } = tenantChannels({ sms: permanentFailure('rejected-recipient', 'not a mobile number') });
    const result = await channels.sendWithFallback(message, ['sms', 'line']);
    expect(result.sentBy).toBe('line');
    expect(result.attempts.map((attempt) => [attempt.channel, attempt.outcome.status])).toEqual([
      ['sms', 'permanent-failure'],
      ['line', 'sent'],
    ]);
    expect(adapters.get('line')!.calls[0]).toMatchObject({ recipientAddress: message.recipientAddresses.line![0], deliveryId: message.deliveryId });
  });

  it('stops on a transient failure, so the delivery is retried later on the same channel', async () => {
    const { channels, adapters } = tenantChannels({ sms: transientFailure('server-error', 'HTTP 503') });
    const result = await channels.sendWithFallback(message, ['sms', 'line']);
    expect(result.outcome).toMatchObject({ status: 'transient-failure', kind: 'server-error' });
    expect(result.sentBy).toBeUndefined();
    expect(adapters.has('line')).toBe(false);
  });

  it('skips channels the tenant has not set up or the recipient has no address for', async () => {
    const { channels } = tenantChannels({});
    const withoutSms = { ...message, recipientAddresses: { line: message.recipientAddresses.line } };
    const result = await channels.sendWithFallback(withoutSms, ['email', 'sms', 'line']);
    expect(result.attempts.map((attempt) => [attempt.channel, attempt.attempts, attempt.outcome.status === 'sent' ? 'sent' : attempt.outcome.reason])).toEqual([
      ['email', 0, 'email is not set up for this tenant'],
      ['sms', 0, 'recipient has no sms address'],
      ['line', 1, 'sent'],
    ]);
  });

  it('reports the last permanent failure when no channel delivers', async () => {
    const { channels } = tenantChannels({ sms: permanentFailure('rejected-recipient', 'unsubscribed'), line: permanentFailure('rejected-recipient', 'blocked') });
    const result = await channels.sendWithFallback(message, ['sms', 'line']);
    expect(result.outcome).toMatchObject({ status: 'permanent-failure', reason: 'blocked' });
  });

  describe('a channel with several addresses (company and private mailboxes, a phone and a tablet)', () => {
    const mailboxes = ['taro@acme.example', 'taro.private@mail.example', 'taro@family.example'];
    const withMailboxes: FallbackMessage = { ...message, recipientAddresses: { ...message.recipientAddresses, webhook: mailboxes } };
    const outcomesByAddress = (outcomes: Record<string, DeliveryOutcome>) => (address: string) => outcomes[address] ?? sent(`sent-to-${address}`);

    it('sends the same message to every address and counts as sent when one is reached', async () => {
      const { channels, adapters } = tenantChannels({
        webhook: outcomesByAddress({ [mailboxes[0]]: transientFailure('server-error', 'company mail server down'), [mailboxes[2]]: permanentFailure('rejected-recipient', 'no such mailbox') }),
      });
      const result = await channels.sendWithFallback(withMailboxes, ['webhook', 'sms']);
      expect(adapters.get('webhook')!.calls.map((call) => [call.recipientAddress, call.body, call.deliveryId])).toEqual(mailboxes.map((address) => [address, 'b', message.deliveryId]));
      expect(result).toMatchObject({ sentBy: 'webhook', outcome: { status: 'sent', providerMessageId: `sent-to-${mailboxes[1]}` } });
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({ attempts: 3, refusedAddresses: [mailboxes[2]] });
      expect(adapters.has('sms')).toBe(false);
    });

    it('stays on the channel when none was reached but one may be later', async () => {
      const { channels, adapters } = tenantChannels({
        webhook: outcomesByAddress({ [mailboxes[0]]: permanentFailure('rejected-recipient', 'gone'), [mailboxes[1]]: transientFailure('timeout', 'slow'), [mailboxes[2]]: permanentFailure('rejected-recipient', 'gone') }),
      });
      const result = await channels.sendWithFallback(withMailboxes, ['webhook', 'sms']);
      expect(result.outcome).toMatchObject({ status: 'transient-failure', kind: 'timeout' });
      expect(result.attempts[0].refusedAddresses).toEqual([mailboxes[0], mailboxes[2]]);
      expect(adapters.has('sms')).toBe(false);
    });

    it('falls back to the next channel only when every address failed for good', async () => {
      const { channels } = tenantChannels({ webhook: () => permanentFailure('rejected-recipient', 'gone') });
      const result = await channels.sendWithFallback(withMailboxes, ['webhook', 'sms']);
      expect(result.sentBy).toBe('sms');
      expect(result.attempts.map((attempt) => [attempt.channel, attempt.outcome.status])).toEqual([
        ['webhook', 'permanent-failure'],
        ['sms', 'sent'],
      ]);
      expect(result.attempts[0].refusedAddresses).toEqual(mailboxes);
    });

    it('names a refused single address too, and no address when the failure was not a refusal', async () => {
      const refused = await tenantChannels({ sms: permanentFailure('rejected-recipient', 'not a mobile number') }).channels.sendWithFallback(message, ['sms', 'line']);
      expect(refused.attempts[0].refusedAddresses).toEqual(message.recipientAddresses.sms);
      const broken = await tenantChannels({ sms: permanentFailure('rejected-message', 'too long') }).channels.sendWithFallback(message, ['sms', 'line']);
      expect(broken.attempts[0].refusedAddresses).toBeUndefined();
    });
  });

  it('names invalid credentials of one channel without blocking the others', async () => {
    const brokenPush = { ...tenantSettings, 'web-push': { vapidSubject: 'mailto:ops@acme.example', vapidPublicKey: 'B'.repeat(90), vapidPrivateKey: 'x'.repeat(43), timeToLiveSeconds: 60 } };
    const { channels } = tenantChannels({}, brokenPush);
    const result = await channels.sendWithFallback({ ...message, recipientAddresses: { ...message.recipientAddresses, 'web-push': ['{}'] }, rendered: { ...message.rendered, 'web-push': { subject: 's', body: 'b' } } }, ['web-push', 'sms']);
    expect(result.attempts[0].outcome).toMatchObject({ status: 'permanent-failure', kind: 'not-configured' });
    expect((result.attempts[0].outcome as { reason: string }).reason).toMatch(/^web-push settings are invalid: /);
    expect(result.sentBy).toBe('sms');
  });
});

describe('ChannelRegistry', () => {
  function registry() {
    const metrics = new ChannelMetrics(new Registry());
    return new ChannelRegistry(settings, new ProviderCircuitBreakers(settings.circuitBreaker, metrics), { acquire: async () => undefined }, metrics);
  }

  it('refuses malformed tenant settings, naming the field', () => {
    const channels = registry();
    expect(() => channels.forTenant(tenantId, { sms: { ...tenantSettings.sms, baseUrl: 'not a url' } })).toThrow(ChannelSettingsError);
    expect(() => channels.forTenant(tenantId, { sms: { ...tenantSettings.sms, baseUrl: 'not a url' } })).toThrow(`channel settings of tenant ${tenantId}: sms.baseUrl:`);
    expect(() => channels.forTenant(tenantId, { fax: {} })).toThrow(ChannelSettingsError);
    return channels.close();
  });

  it('keeps one set of channels per tenant while its settings stay the same', async () => {
    const channels = registry();
    const first = channels.forTenant(tenantId, tenantSettings);
    expect(channels.forTenant(tenantId, structuredClone(tenantSettings))).toBe(first);
    expect(channels.forTenant('0193f0c8-0000-7000-8000-0000000000bb', tenantSettings)).not.toBe(first);
    expect(channels.forTenant(tenantId, { sms: tenantSettings.sms })).not.toBe(first);
    await channels.close();
  });

  it('gives the resilient channel of one kind, or says why there is none', async () => {
    const channels = registry();
    expect(channels.channelFor(tenantId, 'sms', tenantSettings).kind).toBe('sms');
    expect(() => channels.channelFor(tenantId, 'email', tenantSettings)).toThrow('email is not set up for this tenant');
    await channels.close();
  });

  it('builds adapters with the factories it is given, wrapped like any vendor adapter', async () => {
    const metrics = new ChannelMetrics(new Registry());
    const sink = new FixedAdapter('webhook', sent('sink-1'));
    const channels = new ChannelRegistry(settings, new ProviderCircuitBreakers(settings.circuitBreaker, metrics), { acquire: async () => undefined }, metrics, {
      ...vendorAdapterFactories,
      webhook: () => sink,
    });

    const result = await channels.forTenant(tenantId, {}).sendWithFallback(message, ['webhook']);
    expect(result).toMatchObject({ sentBy: 'webhook', outcome: { status: 'sent', providerMessageId: 'sink-1' } });
    expect(sink.calls.map((call) => call.deliveryId)).toEqual([message.deliveryId]);
    expect(() => channels.channelFor(tenantId, 'sms', {})).toThrow('sms is not set up for this tenant');
    await channels.close();
  });
});
