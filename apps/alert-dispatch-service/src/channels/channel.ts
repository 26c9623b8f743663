/** The ways Anpi can reach a person, in the order an alert may list them as fallbacks. */
export const CHANNEL_KINDS = ['email', 'web-push', 'sms', 'line', 'webhook'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export type RecipientLanguage = 'ja' | 'en';

/** One rendered message for one recipient on one channel. */
export interface ChannelMessage {
  deliveryId: string;
  tenantId: string;
  /**
   * Where this channel reaches the recipient: an e-mail address, an E.164 phone number, a
   * LINE user id, a Web Push subscription (its JSON), or the employee id for a webhook.
   */
  recipientAddress: string;
  /** Rendered by templates/ (drill marking and channel limits already applied). */
  subject: string;
  body: string;
  /** The recipient's personal answer link; rendered into `body`, also sent as data where a channel has fields. */
  answerUrl: string;
  drill: boolean;
  language: RecipientLanguage;
}

export type DeliveryOutcomeStatus = 'sent' | 'transient-failure' | 'permanent-failure';

/**
 * Why a provider call failed, in words bounded enough to be a metric label: transient kinds
 * are retried, permanent kinds never are.
 */
export type ProviderFailureKind =
  | 'timeout'
  | 'network'
  | 'server-error'
  | 'rate-limited'
  | 'bad-response'
  | 'circuit-open'
  | 'rate-limiter-unavailable'
  | 'not-configured'
  | 'rejected-recipient'
  | 'rejected-credentials'
  | 'rejected-message';

export interface SentOutcome {
  status: 'sent';
  /** The provider's id of the accepted message (SMTP message id, SMS sid, push Location …). */
  providerMessageId: string;
}

export interface FailedOutcome {
  status: 'transient-failure' | 'permanent-failure';
  kind: ProviderFailureKind;
  /** Human-readable, safe to store and show to a tenant admin (no credentials, no bodies). */
  reason: string;
  /** The provider asked us to wait this long before trying again (HTTP Retry-After). */
  retryAfterMs?: number;
}

export type DeliveryOutcome = SentOutcome | FailedOutcome;

/** Who answers a channel's calls: the unit a circuit breaker and a rate limit are kept for. */
export interface ProviderIdentity {
  channel: ChannelKind;
  /** The provider's host: the circuit breaker's key and the `provider` metric label. */
  host: string;
  /**
   * The account the provider meters (SMS account SID, hashed LINE token, SMTP user …):
   * with `host`, the key of the cross-pod rate limit.
   */
  account: string;
}

/**
 * One vendor's way of delivering one message. Adapters translate the provider's answer into
 * a DeliveryOutcome and never retry: timeouts, retries, breakers and rate limits are the
 * resilience wrapper's job, the same for every adapter. `signal` aborts the call on timeout.
 */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Constant for most channels; Web Push depends on the subscription's push service. */
  providerFor(message: ChannelMessage): ProviderIdentity;
  send(message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome>;
  /** Releases pooled connections; the adapter is not used afterwards. */
  close(): Promise<void>;
}

export function sent(providerMessageId: string): SentOutcome {
  return { status: 'sent', providerMessageId };
}

export function transientFailure(kind: ProviderFailureKind, reason: string, retryAfterMs?: number): FailedOutcome {
  return retryAfterMs === undefined ? { status: 'transient-failure', kind, reason } : { status: 'transient-failure', kind, reason, retryAfterMs };
}

export function permanentFailure(kind: ProviderFailureKind, reason: string): FailedOutcome {
  return { status: 'permanent-failure', kind, reason };
}
