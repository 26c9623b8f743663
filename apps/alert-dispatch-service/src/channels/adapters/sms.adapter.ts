import { ChannelAdapter, ChannelMessage, DeliveryOutcome, ProviderIdentity, permanentFailure, sent, transientFailure } from '../channel';
import { SmsChannelSettings } from '../tenant-channel-settings';
import { assertProviderUrl, callProvider, failureForStatus, isSuccessStatus, parseJsonObject, providerEndpoint, summariseProviderText } from '../provider-http';
import { smsSegmentCount } from '../../templates/channel-limits';

const e164 = /^\+[1-9]\d{6,14}$/;

/** Twilio error codes that mean "this number will never get this message": no retry, next channel. */
const permanentRecipientErrors: ReadonlyMap<number, string> = new Map([
  [21211, 'invalid phone number'],
  [21408, 'sending to this region is not enabled'],
  [21610, 'recipient unsubscribed (replied STOP)'],
  [21612, 'number cannot be reached from this sender'],
  [21614, 'not a mobile number'],
]);

interface TwilioMessage {
  sid?: unknown;
  code?: unknown;
  message?: unknown;
}

/** SMS over a Twilio-compatible REST API: form-encoded POST, Basic auth with the account SID and token. */
export class SmsAdapter implements ChannelAdapter {
  readonly kind = 'sms' as const;
  private readonly endpoint: string;
  private readonly authorization: string;
  private readonly provider: ProviderIdentity;

  constructor(
    private readonly settings: SmsChannelSettings,
    private readonly options: { maxSegments: number; allowPlainHttp: boolean },
  ) {
    const base = assertProviderUrl(settings.baseUrl, options.allowPlainHttp);
    this.endpoint = providerEndpoint(base, `2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`);
    this.authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
    this.provider = { channel: 'sms', host: base.host, account: settings.accountSid };
  }

  providerFor(): ProviderIdentity {
    return this.provider;
  }

  async send(message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!e164.test(message.recipientAddress)) return permanentFailure('rejected-recipient', 'phone number is not in E.164 form (+81…)');
    const segments = smsSegmentCount(message.body);
    if (segments > this.options.maxSegments) {
      return permanentFailure('rejected-message', `SMS needs ${segments} segments, more than the ${this.options.maxSegments} allowed`);
    }
    const response = await callProvider(
      this.endpoint,
      {
        headers: { authorization: this.authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ To: message.recipientAddress, From: this.settings.from, Body: message.body }).toString(),
      },
      signal,
    );
    const answer = parseJsonObject<TwilioMessage>(response.text);
    if (isSuccessStatus(response.status)) {
      // An unreadable "success" is retried: a duplicate SMS is better than an unasked employee.
      return typeof answer?.sid === 'string' && answer.sid !== '' ? sent(answer.sid) : transientFailure('bad-response', 'provider accepted the request but sent no message sid');
    }
    const recipientError = typeof answer?.code === 'number' ? permanentRecipientErrors.get(answer.code) : undefined;
    if (recipientError) return permanentFailure('rejected-recipient', `provider error ${answer!.code}: ${recipientError}`);
    return failureForStatus(response, typeof answer?.message === 'string' ? summariseProviderText(answer.message) : '');
  }

  /** HTTP adapters hold no connections of their own (fetch pools them). */
  async close(): Promise<void> {}
}
