import { createHash } from 'node:crypto';
import { ChannelAdapter, ChannelKind, ChannelMessage, DeliveryOutcome, RecipientLanguage, permanentFailure } from './channel';
import { ChannelMetrics } from './channel-metrics';
import { ChannelsSettings } from './channels-settings';
import { EmailAdapter } from './adapters/email.adapter';
import { LineAdapter } from './adapters/line.adapter';
import { SmsAdapter } from './adapters/sms.adapter';
import { WebhookAdapter } from './adapters/webhook.adapter';
import { WebPushAdapter } from './adapters/web-push.adapter';
import { ProviderCircuitBreakers } from './provider-circuit-breakers';
import { ProviderRateLimiter } from './provider-rate-limiter';
import { ChannelAttemptReport, ResilientChannel } from './resilient-channel';
import { TenantChannelSettings, tenantChannelSettingsSchema } from './tenant-channel-settings';

/** Builds one channel's adapter from a tenant's settings; undefined when the tenant has not set the channel up. */
export type ChannelAdapterFactory = (tenantSettings: TenantChannelSettings, settings: ChannelsSettings) => ChannelAdapter | undefined;
export type ChannelAdapterFactories = Record<ChannelKind, ChannelAdapterFactory>;

/**
 * The vendors Anpi ships, one adapter per channel. An installation (or a benchmark) may hand
 * ChannelRegistry other factories; everything around the adapter stays the same.
 */
export const vendorAdapterFactories: ChannelAdapterFactories = {
  email: ({ email }, settings) => email && new EmailAdapter(email, { ...settings.email, timeoutMs: settings.timeoutMs.email }),
  'web-push': ({ 'web-push': webPush }, settings) => webPush && new WebPushAdapter(webPush, { allowPlainHttp: settings.allowPlainHttpProviders }),
  sms: ({ sms }, settings) => sms && new SmsAdapter(sms, { maxSegments: settings.sms.maxSegments, allowPlainHttp: settings.allowPlainHttpProviders }),
  line: ({ line }, settings) => line && new LineAdapter(line, { allowPlainHttp: settings.allowPlainHttpProviders }),
  webhook: ({ webhook }, settings) => webhook && new WebhookAdapter(webhook, { allowPlainHttp: settings.allowPlainHttpProviders }),
};

/** A message for one recipient with what every channel in its fallback order needs. */
export interface FallbackMessage {
  deliveryId: string;
  tenantId: string;
  answerUrl: string;
  drill: boolean;
  language: RecipientLanguage;
  /**
   * The recipient's addresses per channel, each sent the same message (a company and a private
   * mailbox, a phone and a tablet). A channel without any is skipped as a permanent failure.
   */
  recipientAddresses: Partial<Record<ChannelKind, readonly string[]>>;
  /** Rendered per channel by templates/renderMessage. */
  rendered: Partial<Record<ChannelKind, { subject: string; body: string }>>;
}

export interface FallbackResult {
  /** The last channel's outcome: sent, or why the recipient was not reached. */
  outcome: DeliveryOutcome;
  /** The channel that delivered, if one did. */
  sentBy?: ChannelKind;
  attempts: ChannelAttemptReport[];
}

/** A channel that could not be used for this tenant (not set up, bad credentials): named in the report, not thrown. */
export type UnusableChannel = { unusable: string };

/**
 * One tenant's channels, built from its settings alone: its own SMTP pools, its own
 * credentials. Breakers and rate limits are per provider and shared (see ChannelRegistry).
 */
export class TenantChannels {
  private readonly channels = new Map<ChannelKind, ResilientChannel | UnusableChannel>();

  constructor(
    readonly tenantId: string,
    private readonly tenantSettings: TenantChannelSettings,
    private readonly build: (kind: ChannelKind, adapter: ChannelAdapter) => ResilientChannel,
    private readonly settings: ChannelsSettings,
    private readonly adapterFactories: ChannelAdapterFactories = vendorAdapterFactories,
  ) {}

  /** Sends on one channel with retries; never rejects. */
  async send(kind: ChannelKind, message: ChannelMessage): Promise<ChannelAttemptReport> {
    const channel = this.channel(kind);
    if ('unusable' in channel) return notAttempted(kind, channel.unusable);
    return channel.send(message);
  }

  /**
   * Tries the channels in order until one delivers. A permanent failure (bad address,
   * unsubscribed, channel not set up) moves on to the next channel; a transient one stops
   * here, so the delivery is retried later on the same channel rather than spread over all.
   */
  async sendWithFallback(message: FallbackMessage, channelOrder: readonly ChannelKind[]): Promise<FallbackResult> {
    const attempts: ChannelAttemptReport[] = [];
    for (const kind of channelOrder) {
      const report = await this.sendOnChannel(message, kind);
      attempts.push(report);
      if (report.outcome.status === 'sent') return { outcome: report.outcome, sentBy: kind, attempts };
      if (report.outcome.status === 'transient-failure') return { outcome: report.outcome, attempts };
    }
    return { outcome: attempts.at(-1)?.outcome ?? permanentFailure('not-configured', 'the alert lists no channels'), attempts };
  }

  /** The channel of one kind, built on first use; a channel the tenant cannot use says why. */
  channel(kind: ChannelKind): ResilientChannel | UnusableChannel {
    let channel = this.channels.get(kind);
    if (!channel) {
      channel = this.createChannel(kind);
      this.channels.set(kind, channel);
    }
    return channel;
  }

  async close(): Promise<void> {
    const channels = [...this.channels.values()].filter((channel): channel is ResilientChannel => !('unusable' in channel));
    this.channels.clear();
    await Promise.all(channels.map((channel) => channel.adapter.close()));
  }

  private async sendOnChannel(message: FallbackMessage, kind: ChannelKind): Promise<ChannelAttemptReport> {
    const channel = this.channel(kind);
    const addresses = message.recipientAddresses[kind] ?? [];
    const rendered = message.rendered[kind];
    if ('unusable' in channel) return notAttempted(kind, channel.unusable);
    if (addresses.length === 0) return notAttempted(kind, `recipient has no ${kind} address`);
    if (!rendered) return notAttempted(kind, `no ${kind} message was rendered`);
    const { deliveryId, tenantId, answerUrl, drill, language } = message;
    if (addresses.length === 1) return withRefusals(await channel.send({ deliveryId, tenantId, answerUrl, drill, language, recipientAddress: addresses[0], ...rendered }), addresses[0]);
    const reports = await Promise.all(addresses.map((recipientAddress) => channel.send({ deliveryId, tenantId, answerUrl, drill, language, recipientAddress, ...rendered })));
    return combinedReport(kind, reports, addresses);
  }

  private createChannel(kind: ChannelKind): ResilientChannel | UnusableChannel {
    try {
      const adapter = this.adapterFactories[kind](this.tenantSettings, this.settings);
      return adapter ? this.build(kind, adapter) : { unusable: `${kind} is not set up for this tenant` };
    } catch (error) {
      return { unusable: `${kind} settings are invalid: ${(error as Error).message}` };
    }
  }
}

/** The order in which one channel's outcomes speak for it: one address reached is enough; a transient failure means try this channel again. */
const OUTCOME_PRECEDENCE: Record<DeliveryOutcome['status'], number> = { sent: 0, 'transient-failure': 1, 'permanent-failure': 2 };

/**
 * One report for a channel that sent to several addresses: sent when any address was reached,
 * else transient when any failure may pass, else permanent (the fallback moves on). The
 * addresses a provider refused are named so the caller can forget gone push subscriptions.
 */
function combinedReport(channel: ChannelKind, reports: readonly ChannelAttemptReport[], addresses: readonly string[]): ChannelAttemptReport {
  const speaking = reports.reduce((best, report) => (OUTCOME_PRECEDENCE[report.outcome.status] < OUTCOME_PRECEDENCE[best.outcome.status] ? report : best));
  return {
    channel,
    outcome: speaking.outcome,
    attempts: reports.reduce((sum, report) => sum + report.attempts, 0),
    durationMs: Math.max(...reports.map((report) => report.durationMs)),
    refusedAddresses: addresses.filter((_, index) => isRefusal(reports[index].outcome)),
  };
}

function withRefusals(report: ChannelAttemptReport, address: string): ChannelAttemptReport {
  return isRefusal(report.outcome) ? { ...report, refusedAddresses: [address] } : report;
}

/** The provider said this address does not exist or is gone (bounced mailbox, unsubscribed browser). */
function isRefusal(outcome: DeliveryOutcome): boolean {
  return outcome.status === 'permanent-failure' && outcome.kind === 'rejected-recipient';
}

function notAttempted(channel: ChannelKind, reason: string): ChannelAttemptReport {
  return { channel, outcome: permanentFailure('not-configured', reason), attempts: 0, durationMs: 0 };
}

/** The settings are invalid as a whole (wrong shape); names the field. */
export class ChannelSettingsError extends Error {
  override readonly name = 'ChannelSettingsError';
}

/**
 * The factory of channels per tenant. A tenant's channels are built from its settings (data,
 * validated here) and kept while those settings stay the same: new settings → new adapters,
 * and the old ones are closed once in-flight sends had time to finish.
 */
export class ChannelRegistry {
  private readonly tenants = new Map<string, { fingerprint: string; channels: TenantChannels }>();
  /** Channels replaced by newer settings, closed after a grace period (or at shutdown). */
  private readonly retiring = new Map<NodeJS.Timeout, TenantChannels>();

  constructor(
    private readonly settings: ChannelsSettings,
    private readonly breakers: ProviderCircuitBreakers,
    private readonly rateLimiter: ProviderRateLimiter,
    private readonly metrics: ChannelMetrics,
    private readonly adapterFactories: ChannelAdapterFactories = vendorAdapterFactories,
  ) {}

  forTenant(tenantId: string, rawSettings: unknown): TenantChannels {
    const parsed = tenantChannelSettingsSchema.safeParse(rawSettings);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ChannelSettingsError(`channel settings of tenant ${tenantId}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const fingerprint = createHash('sha256').update(JSON.stringify(parsed.data)).digest('base64url');
    const current = this.tenants.get(tenantId);
    if (current?.fingerprint === fingerprint) return current.channels;
    if (current) this.retire(current.channels);
    const channels = new TenantChannels(tenantId, parsed.data, (kind, adapter) => this.resilient(kind, adapter), this.settings, this.adapterFactories);
    this.tenants.set(tenantId, { fingerprint, channels });
    return channels;
  }

  /** One tenant's resilient channel of one kind; throws ChannelSettingsError saying why it cannot be used. */
  channelFor(tenantId: string, kind: ChannelKind, rawSettings: unknown): ResilientChannel {
    const channel = this.forTenant(tenantId, rawSettings).channel(kind);
    if ('unusable' in channel) throw new ChannelSettingsError(channel.unusable);
    return channel;
  }

  async close(): Promise<void> {
    const open = [...this.retiring.values(), ...[...this.tenants.values()].map(({ channels }) => channels)];
    for (const timer of this.retiring.keys()) clearTimeout(timer);
    this.retiring.clear();
    this.tenants.clear();
    await Promise.all(open.map((channels) => channels.close()));
    this.breakers.shutdown();
  }

  private resilient(kind: ChannelKind, adapter: ChannelAdapter): ResilientChannel {
    return new ResilientChannel(adapter, {
      retry: this.settings.retry,
      timeoutMs: this.settings.timeoutMs[kind],
      breakers: this.breakers,
      rateLimiter: this.rateLimiter,
      metrics: this.metrics,
    });
  }

  private retire(channels: TenantChannels): void {
    const graceMs = Math.max(...Object.values(this.settings.timeoutMs)) * this.settings.retry.maxAttempts + this.settings.retry.maxDelayMs;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      // Closing only ends idle pooled connections; nothing to report if it fails.
      channels.close().catch(() => undefined);
    }, graceMs);
    timer.unref();
    this.retiring.set(timer, channels);
  }
}
