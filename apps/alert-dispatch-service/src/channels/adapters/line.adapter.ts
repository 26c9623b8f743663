import { ChannelAdapter, ChannelMessage, DeliveryOutcome, ProviderIdentity, permanentFailure, sent, transientFailure } from '../channel';
import { LineChannelSettings } from '../tenant-channel-settings';
import { assertProviderUrl, callProvider, failureForStatus, isSuccessStatus, parseJsonObject, providerEndpoint, summariseProviderText } from '../provider-http';
import { LINE_TEXT_MAX_CHARACTERS, characterCount } from '../../templates/channel-limits';
import { accountFingerprint } from './account-fingerprint';

const lineUserId = /^U[0-9a-f]{32}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface LinePushAnswer {
  sentMessages?: { id?: unknown }[];
  message?: unknown;
}

/**
 * LINE Messaging API push. The delivery id is sent as X-Line-Retry-Key, so LINE itself drops
 * a retried request it already accepted (answering 409): our retries cannot double-send.
 */
export class LineAdapter implements ChannelAdapter {
  readonly kind = 'line' as const;
  private readonly endpoint: string;
  private readonly provider: ProviderIdentity;

  constructor(
    private readonly settings: LineChannelSettings,
    options: { allowPlainHttp: boolean },
  ) {
    const base = assertProviderUrl(settings.baseUrl, options.allowPlainHttp);
    this.endpoint = providerEndpoint(base, 'v2/bot/message/push');
    this.provider = { channel: 'line', host: base.host, account: accountFingerprint(settings.channelAccessToken) };
  }

  providerFor(): ProviderIdentity {
    return this.provider;
  }

  async send(message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!lineUserId.test(message.recipientAddress)) return permanentFailure('rejected-recipient', 'not a LINE user id (U + 32 hex digits)');
    if (characterCount(message.body) > LINE_TEXT_MAX_CHARACTERS) {
      return permanentFailure('rejected-message', `LINE text is longer than ${LINE_TEXT_MAX_CHARACTERS} characters`);
    }
    const response = await callProvider(
      this.endpoint,
      {
        headers: {
          authorization: `Bearer ${this.settings.channelAccessToken}`,
          'content-type': 'application/json',
          ...(uuid.test(message.deliveryId) ? { 'x-line-retry-key': message.deliveryId } : {}),
        },
        body: JSON.stringify({ to: message.recipientAddress, messages: [{ type: 'text', text: message.body }] }),
      },
      signal,
    );
    const answer = parseJsonObject<LinePushAnswer>(response.text);
    const acceptedEarlier = response.status === 409 && response.headers.get('x-line-accepted-request-id');
    if (acceptedEarlier) return sent(acceptedEarlier);
    if (isSuccessStatus(response.status)) {
      const messageId = answer?.sentMessages?.[0]?.id;
      // Retrying an unreadable success is safe here: the retry key makes LINE answer 409.
      return typeof messageId === 'string' && messageId !== '' ? sent(messageId) : transientFailure('bad-response', 'LINE accepted the request but sent no message id');
    }
    return failureForStatus(response, typeof answer?.message === 'string' ? summariseProviderText(answer.message) : '');
  }

  /** HTTP adapters hold no connections of their own (fetch pools them). */
  async close(): Promise<void> {}
}
