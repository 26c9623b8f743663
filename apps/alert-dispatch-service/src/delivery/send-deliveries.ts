import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { AnswerLinkSettings, AnswerTokenIssuer, answerLink } from '../answer-links/answer-token';
import { CHANNEL_KINDS, ChannelAttemptReport, ChannelKind, ChannelRegistry, TenantChannelSettings, TenantChannelSettingsStore, TenantChannels, effectiveChannelSettings } from '../channels';
import { PushSubscriptionStore } from '../push-subscriptions/push-subscription';
import { Recipient, RecipientSource } from '../recipients/recipient-source';
import { TemplateError, TenantTemplatesStore, renderMessage } from '../templates';
import { DeliveryToRecord, FinalState, deliveryOutcomesEvent, finalState, notAttempted } from './delivery-outcomes';

export interface SendDeliveriesOptions {
  answerLinks: AnswerLinkSettings;
  /** The installation's providers: a channel a tenant has not set up itself uses these. */
  channelSettings: TenantChannelSettings;
  /** The tenants' own providers and credentials. */
  tenantChannelSettings: TenantChannelSettingsStore;
  maxSmsSegments: number;
  /** How many messages one pod sends at once; also bounds the duplicates a crash can cause. */
  concurrency: number;
  /** A delivery left in `sending` longer than this was being sent by a pod that died. */
  staleSendingMs: number;
  /** Called after a chunk's outcomes committed with their `delivery.outcomes` event (wakes the outbox relay). */
  afterOutcomesCommitted?: () => void;
  /** Forgets the subscriptions push services report gone, with the outcomes that found out. */
  pushSubscriptions: PushSubscriptionStore;
}

interface ClaimedDelivery {
  id: string;
  recipient_id: string;
  round: number;
  channel_order: string[];
  attempts: number;
}

interface AlertToSend {
  title: string;
  message: string;
  drill: boolean;
  state: string;
  company_name: string;
  allow_plain_http: boolean;
}

/**
 * Sends one page of deliveries. Deliveries are claimed by state (queued → sending) in chunks,
 * sent outside any transaction, and their outcomes written back in one batch — in the same
 * short transaction that claims the next chunk and reads its contacts (one transaction per
 * chunk: on a busy pod the transactions, not the sends, were the cost of a chunk).
 * A page read twice sends nothing twice; a pod killed mid-page leaves its claimed deliveries
 * in `sending`, and the page's redelivery re-sends exactly those after `staleSendingMs` —
 * the only duplicates, counted in anpi_deliveries_resent_after_crash_total. Each recorded chunk
 * is announced as one `delivery.outcomes` event, committed with the outcomes it describes.
 */
export class SendDeliveries {
  private readonly resentAfterCrash: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly recipients: RecipientSource,
    private readonly tokens: AnswerTokenIssuer,
    private readonly channels: ChannelRegistry,
    private readonly templates: TenantTemplatesStore,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: SendDeliveriesOptions,
  ) {
    this.resentAfterCrash = new Counter({
      name: 'anpi_deliveries_resent_after_crash_total',
      help: 'Deliveries sent again because the pod sending them died mid-send (possible duplicates).',
      registers: [registry],
    });
  }

  async execute(tenantId: string, alertId: string, deliveryIds: readonly string[]): Promise<void> {
    const { alert, templates, tenantSettings } = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [row]: AlertToSend[] = await manager.query(
        `SELECT a.title, a.message, a.drill, a.state, coalesce(t.display_name, '') AS company_name, coalesce(t.allow_plain_http_answer_links, false) AS allow_plain_http
         FROM alerts a LEFT JOIN known_tenants t ON t.tenant_id = a.tenant_id WHERE a.id = $1`,
        [alertId],
      );
      return { alert: row, templates: await this.templates.load(manager, tenantId), tenantSettings: await this.options.tenantChannelSettings.load(manager, tenantId) };
    });
    const sendable = alert && alert.state !== 'closed' ? alert : undefined;
    const channels = this.channels.forTenant(tenantId, effectiveChannelSettings(this.options.channelSettings, tenantSettings));
    // The page is walked in slices of `concurrency` ids: each slice's sendable deliveries are
    // claimed, sent and recorded, so a pod killed mid-page leaves at most one chunk in
    // `sending`, which bounds the duplicates a crash can cause. Each id is looked at once per
    // pass (claiming by scanning the whole page for every chunk made PostgreSQL visit each
    // delivery ~20 times). Recording a chunk and claiming the next share one transaction (with
    // the next chunk's contacts): a crash before its commit leaves both exactly as they were.
    const slices = slicesOf(deliveryIds, this.options.concurrency);
    let chunk = await runInTenantTransaction(this.dataSource, tenantId, (manager) => this.claim(manager, tenantId, slices[0], sendable !== undefined));
    for (let index = 0; index < slices.length; index += 1) {
      this.resentAfterCrash.inc(chunk.claimed.filter((delivery) => delivery.attempts > 1).length);
      const sentChunk = sendable ? await this.sendChunk(tenantId, alertId, sendable, chunk, channels, templates) : { results: notSent(chunk.claimed, 'alert closed before sending'), goneSubscriptions: [] };
      chunk = await this.recordAndClaimNext(tenantId, alertId, sentChunk, slices[index + 1], sendable !== undefined);
    }
  }

  private async sendChunk(tenantId: string, alertId: string, alert: AlertToSend, chunk: ClaimedChunk, channels: TenantChannels, templates: Parameters<typeof renderMessage>[0]): Promise<SentChunk> {
    const goneSubscriptions: GoneSubscription[] = [];
    const results = await Promise.all(
      chunk.claimed.map(async (delivery): Promise<FinalState> => {
        const person = chunk.people.get(delivery.recipient_id);
        if (!person) return notAttempted(toRecord(delivery), 'recipient no longer in the directory', new Date());
        try {
          const result = await channels.sendWithFallback(this.messageFor(tenantId, alertId, alert, delivery, person, templates), delivery.channel_order as ChannelKind[]);
          goneSubscriptions.push(...goneSubscriptionsOf(person, result.attempts));
          return finalState(toRecord(delivery), result, new Date());
        } catch (error) {
          if (error instanceof TemplateError) return notAttempted(toRecord(delivery), error.message, new Date());
          throw error;
        }
      }),
    );
    return { results, goneSubscriptions };
  }

  private messageFor(tenantId: string, alertId: string, alert: AlertToSend, delivery: ClaimedDelivery, person: Recipient, templates: Parameters<typeof renderMessage>[0]) {
    const answerUrl = answerLink(this.options.answerLinks, this.tokens.tokenFor(alertId, person.recipientId), alert.allow_plain_http);
    const values = {
      name: person.displayName,
      answerUrl,
      alertTitle: alert.title,
      alertBody: alert.message,
      companyName: alert.company_name,
      sentAt: new Date().toISOString(),
    };
    const kinds = delivery.channel_order.filter((kind): kind is ChannelKind => (CHANNEL_KINDS as readonly string[]).includes(kind));
    const request = { language: person.language, drill: alert.drill, reminder: delivery.round > 1, values, maxSmsSegments: this.options.maxSmsSegments };
    const rendered = Object.fromEntries(kinds.map((channel) => [channel, renderMessage(templates, { ...request, channel })]));
    return {
      deliveryId: delivery.id,
      tenantId,
      answerUrl,
      drill: alert.drill,
      language: person.language,
      recipientAddresses: addressesOf(person),
      rendered,
    };
  }

  /**
   * Moves a slice's sendable deliveries to `sending` (queued ones, and ones a dead pod left in
   * `sending`), with their recipients' contacts when they are to be sent to. Someone who
   * answered while their message waited is not asked again: their queued delivery is cancelled
   * by the same statement.
   */
  private async claim(manager: EntityManager, tenantId: string, slice: readonly string[] | undefined, withContacts: boolean): Promise<ClaimedChunk> {
    if (!slice || slice.length === 0) return { claimed: [], people: new Map() };
    // For UPDATE … RETURNING, TypeORM answers [rows, affected count].
    const [moved]: [(ClaimedDelivery & { state: string })[], number] = await manager.query(
      `WITH picked AS (
         SELECT d.id, d.state = 'queued' AND EXISTS (SELECT 1 FROM responded_recipients r WHERE r.alert_id = d.alert_id AND r.recipient_id = d.recipient_id) AS answered
         FROM deliveries d
         WHERE d.id = ANY($1::uuid[]) AND (d.state = 'queued' OR (d.state = 'sending' AND d.updated_at < now() - make_interval(secs => $2)))
         FOR UPDATE OF d SKIP LOCKED)
       UPDATE deliveries d
       SET state = CASE WHEN p.answered THEN 'cancelled' ELSE 'sending' END,
           attempts = d.attempts + CASE WHEN p.answered THEN 0 ELSE 1 END,
           updated_at = now()
       FROM picked p WHERE d.id = p.id
       RETURNING d.id, d.recipient_id, d.round, d.channel_order, d.attempts, d.state`,
      [slice, this.options.staleSendingMs / 1000],
    );
    const claimed = moved.filter((delivery) => delivery.state === 'sending').map(({ state: _state, ...delivery }) => delivery);
    const people = withContacts && claimed.length > 0 ? await this.recipients.recipients(tenantId, claimed.map((delivery) => delivery.recipient_id), manager) : [];
    return { claimed, people: new Map(people.map((person) => [person.recipientId, person])) };
  }

  /**
   * The outcomes and their announcement commit together: response-collection learns of every
   * recorded send, and of nothing that was not recorded. One statement and one outbox row per
   * chunk; the next chunk is claimed in the same transaction.
   */
  private async recordAndClaimNext(tenantId: string, alertId: string, { results, goneSubscriptions }: SentChunk, nextSlice: readonly string[] | undefined, withContacts: boolean): Promise<ClaimedChunk> {
    if (results.length === 0 && !nextSlice) return { claimed: [], people: new Map() };
    const announcement = deliveryOutcomesEvent(tenantId, alertId, results);
    const next = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      // A browser that unsubscribed (push service: 404/410) is not tried again; the person's other browsers still are.
      if (goneSubscriptions.length > 0) await this.options.pushSubscriptions.forget(manager, goneSubscriptions);
      if (results.length > 0) {
        await manager.query(
          `UPDATE deliveries d SET state = r.state, channel_used = r.channel, last_error = r.error, updated_at = now(),
             sent_at = CASE WHEN r.state = 'sent' THEN now() ELSE d.sent_at END
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS r(id, state, channel, error)
           WHERE d.id = r.id`,
          [results.map((r) => r.id), results.map((r) => r.state), results.map((r) => r.channel), results.map((r) => r.error)],
        );
      }
      if (announcement) await appendToOutbox(manager, [announcement]);
      return this.claim(manager, tenantId, nextSlice, withContacts);
    });
    if (announcement) this.options.afterOutcomesCommitted?.();
    const failed = results.filter((result) => result.state === 'failed').length;
    if (failed > 0) this.logger.warn({ failed, total: results.length }, 'some deliveries could not be sent on any channel');
    return next;
  }
}

interface SentChunk {
  results: FinalState[];
  goneSubscriptions: GoneSubscription[];
}

interface GoneSubscription {
  recipientId: string;
  endpoint: string;
}

/**
 * The person's browsers whose push service no longer knows them (404/410: unsubscribed or
 * reset). The channel names the refused addresses; they are the subscriptions' JSON.
 */
function goneSubscriptionsOf(person: Recipient, attempts: readonly ChannelAttemptReport[]): GoneSubscription[] {
  const refused = attempts.find((attempt) => attempt.channel === 'web-push')?.refusedAddresses;
  if (!refused || refused.length === 0) return [];
  return (person.contacts.pushSubscriptions ?? [])
    .filter((subscription) => refused.includes(JSON.stringify(subscription)))
    .map((subscription) => ({ recipientId: person.recipientId, endpoint: subscription.endpoint }));
}

interface ClaimedChunk {
  claimed: ClaimedDelivery[];
  people: Map<string, Recipient>;
}

function slicesOf(ids: readonly string[], size: number): (readonly string[])[] {
  return Array.from({ length: Math.ceil(ids.length / size) }, (_, index) => ids.slice(index * size, (index + 1) * size));
}

function notSent(claimed: ClaimedDelivery[], reason: string): FinalState[] {
  const at = new Date();
  return claimed.map((delivery) => notAttempted(toRecord(delivery), reason, at));
}

/**
 * Every address a person gave per channel is sent the message: the company mailbox may be down
 * in the disaster the alert is about, so private ones are why people register them; each
 * browser a person subscribed (phone, tablet) is pushed to.
 */
function addressesOf(person: Recipient): Partial<Record<ChannelKind, readonly string[]>> {
  return {
    email: distinctMailboxes(person.contacts.emails),
    sms: person.contacts.mobilePhone ? [person.contacts.mobilePhone] : undefined,
    line: person.contacts.lineUserId ? [person.contacts.lineUserId] : undefined,
    'web-push': person.contacts.pushSubscriptions?.map((subscription) => JSON.stringify(subscription)),
    webhook: [person.recipientId],
  };
}

/** One message per mailbox: an address entered as both company and private one (in any case) is mailed once. */
function distinctMailboxes(emails: readonly string[]): readonly string[] {
  if (emails.length < 2) return emails;
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toRecord(delivery: ClaimedDelivery): DeliveryToRecord {
  return { id: delivery.id, recipientId: delivery.recipient_id, round: delivery.round };
}
