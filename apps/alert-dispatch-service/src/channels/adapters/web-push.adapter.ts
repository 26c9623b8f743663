import webPush from 'web-push';
import { z } from 'zod';
import { ChannelAdapter, ChannelMessage, DeliveryOutcome, ProviderIdentity, permanentFailure, sent } from '../channel';
import { WebPushChannelSettings } from '../tenant-channel-settings';
import { assertProviderUrl, callProvider, failureForStatus, isSuccessStatus } from '../provider-http';
import { PUSH_PAYLOAD_MAX_BYTES } from '../../templates/channel-limits';
import { pushNotificationPayload } from '../push-notification-payload';
import { accountFingerprint } from './account-fingerprint';
import { VapidAuthorizations } from './vapid-authorizations';

/** A browser's PushSubscription as JSON.stringify gives it; stored as the recipient's web-push address. */
export const pushSubscriptionSchema = z.object({
  endpoint: z.url(),
  keys: z.object({ p256dh: z.string().min(1), auth: z.string().min(1) }),
});

export type StoredPushSubscription = z.infer<typeof pushSubscriptionSchema>;

/**
 * Web Push with VAPID. `web-push` encrypts the payload (RFC 8291, aes128gcm) and signs the
 * VAPID JWT, once per push service (VapidAuthorizations); we send the request ourselves so
 * that it shares the timeout/abort handling of every other HTTP adapter.
 */
export class WebPushAdapter implements ChannelAdapter {
  readonly kind = 'web-push' as const;
  private readonly vapidAccount: string;
  private readonly authorizations: VapidAuthorizations;

  constructor(
    private readonly settings: WebPushChannelSettings,
    private readonly options: { allowPlainHttp: boolean },
  ) {
    // Fails here, once, with web-push's own explanation, instead of on every send.
    webPush.getVapidHeaders('https://push.example', settings.vapidSubject, settings.vapidPublicKey, settings.vapidPrivateKey, 'aes128gcm');
    this.vapidAccount = accountFingerprint(settings.vapidPublicKey);
    this.authorizations = new VapidAuthorizations({ subject: settings.vapidSubject, publicKey: settings.vapidPublicKey, privateKey: settings.vapidPrivateKey });
  }

  providerFor(message: ChannelMessage): ProviderIdentity {
    const subscription = parseSubscription(message.recipientAddress);
    return { channel: 'web-push', host: subscription ? new URL(subscription.endpoint).host : 'invalid-subscription', account: this.vapidAccount };
  }

  async send(message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
    const subscription = parseSubscription(message.recipientAddress);
    if (!subscription) return permanentFailure('rejected-recipient', 'not a push subscription (endpoint and keys)');
    try {
      assertProviderUrl(subscription.endpoint, this.options.allowPlainHttp);
    } catch (error) {
      return permanentFailure('rejected-recipient', (error as Error).message);
    }
    const plaintext = Buffer.from(JSON.stringify(pushNotificationPayload(message)));
    if (plaintext.length > PUSH_PAYLOAD_MAX_BYTES) {
      return permanentFailure('rejected-message', `push payload is ${plaintext.length} bytes, more than ${PUSH_PAYLOAD_MAX_BYTES}`);
    }
    const request = this.encrypt(subscription, plaintext);
    if ('status' in request) return request;
    const response = await callProvider(request.endpoint, { headers: request.headers, body: request.body }, signal);
    // 404/410 (subscription gone) read as rejected-recipient: the employee must subscribe again.
    return isSuccessStatus(response.status) ? sent(response.headers.get('location') ?? message.deliveryId) : failureForStatus(response);
  }

  /** HTTP adapters hold no connections of their own (fetch pools them). */
  async close(): Promise<void> {}

  private encrypt(subscription: StoredPushSubscription, plaintext: Buffer) {
    try {
      const details = webPush.generateRequestDetails(subscription, plaintext, { TTL: this.settings.timeToLiveSeconds, urgency: 'high', contentEncoding: 'aes128gcm' });
      const headers = Object.fromEntries(Object.entries(details.headers).map(([name, value]) => [name, String(value)]));
      headers.Authorization = this.authorizations.forEndpoint(details.endpoint);
      return { endpoint: details.endpoint, headers, body: details.body };
    } catch (error) {
      // web-push refuses subscription keys that are not valid P-256 points / 16-byte secrets.
      return permanentFailure('rejected-recipient', `push subscription keys are invalid: ${(error as Error).message}`);
    }
  }
}

function parseSubscription(address: string): StoredPushSubscription | undefined {
  try {
    const parsed = pushSubscriptionSchema.safeParse(JSON.parse(address));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
