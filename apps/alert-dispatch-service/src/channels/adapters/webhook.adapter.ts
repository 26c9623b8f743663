import { ChannelAdapter, ChannelMessage, DeliveryOutcome, ProviderIdentity, sent } from '../channel';
import { WebhookChannelSettings } from '../tenant-channel-settings';
import { assertProviderUrl, callProvider, failureForStatus, isSuccessStatus } from '../provider-http';
import { WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, signWebhookBody } from '../webhook-signature';

/** What an internal consumer receives: the rendered message plus the fields a system needs. */
export interface WebhookDeliveryBody {
  deliveryId: string;
  tenantId: string;
  recipient: string;
  subject: string;
  body: string;
  answerUrl: string;
  drill: boolean;
  language: 'ja' | 'en';
}

/** A signed JSON POST to a tenant's own system; the delivery id doubles as the receiver's idempotency key. */
export class WebhookAdapter implements ChannelAdapter {
  readonly kind = 'webhook' as const;
  private readonly url: string;
  private readonly provider: ProviderIdentity;

  constructor(
    private readonly settings: WebhookChannelSettings,
    options: { allowPlainHttp: boolean },
    private readonly clock: () => number = Date.now,
  ) {
    const url = assertProviderUrl(settings.url, options.allowPlainHttp);
    this.url = url.toString();
    this.provider = { channel: 'webhook', host: url.host, account: url.pathname };
  }

  providerFor(): ProviderIdentity {
    return this.provider;
  }

  async send(message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
    const delivery: WebhookDeliveryBody = {
      deliveryId: message.deliveryId,
      tenantId: message.tenantId,
      recipient: message.recipientAddress,
      subject: message.subject,
      body: message.body,
      answerUrl: message.answerUrl,
      drill: message.drill,
      language: message.language,
    };
    const body = JSON.stringify(delivery);
    const timestamp = Math.floor(this.clock() / 1000);
    const response = await callProvider(
      this.url,
      {
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(this.settings.signingSecret, timestamp, body),
          'x-anpi-delivery-id': message.deliveryId,
        },
        body,
      },
      signal,
    );
    return isSuccessStatus(response.status) ? sent(message.deliveryId) : failureForStatus(response);
  }

  /** HTTP adapters hold no connections of their own (fetch pools them). */
  async close(): Promise<void> {}
}
