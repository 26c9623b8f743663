import { z } from 'zod';

const localisedText = z.object({ ja: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict();

/** The question set as response-collection renders it on the answer page. */
export const alertQuestionV1Schema = z.discriminatedUnion('kind', [
  z
    .object({
      id: z.string().min(1).max(40),
      kind: z.literal('choice'),
      label: localisedText,
      required: z.boolean(),
      choices: z.array(z.object({ id: z.string().min(1).max(40), label: localisedText }).strict()).min(2).max(10),
    })
    .strict(),
  z.object({ id: z.string().min(1).max(40), kind: z.literal('text'), label: localisedText, required: z.boolean(), maxLength: z.number().int().min(1).max(1000) }).strict(),
]);

/**
 * alert.created v1 — a safety check exists and its first round is starting. Dispatch's own
 * fan-out consumes it; response-collection learns the questions and the closing time.
 * No personal data: recipients are resolved by the fan-out, not carried here.
 */
export const alertCreatedV1Schema = z
  .object({
    alertId: z.uuid(),
    title: z.string().min(1).max(100),
    message: z.string().min(1).max(2000),
    questions: z.array(alertQuestionV1Schema).min(1).max(20),
    target: z.record(z.string(), z.unknown()),
    channels: z.array(z.enum(['email', 'web-push', 'sms', 'line', 'webhook'])).min(1),
    drill: z.boolean(),
    source: z.enum(['manual', 'disaster-rule', 'internal']),
    createdBy: z.string().min(1).max(100),
    closesAt: z.iso.datetime({ offset: true }),
    resend: z.object({ intervalMinutes: z.number().int().min(1), maxRounds: z.number().int().min(0) }).strict(),
  })
  .strict();

export type AlertCreatedV1 = z.infer<typeof alertCreatedV1Schema>;

/**
 * alert.closed v1 — a safety check stopped taking answers: closed by its crisis team, at its
 * closing time, or withdrawn with a cancelled JMA report. Its queued messages were cancelled in
 * the same transaction; response-collection refuses answers from `closedAt` on. `closedBy` is
 * the staff member's user id, null when the service closed it.
 */
export const alertClosedV1Schema = z
  .object({
    alertId: z.uuid(),
    closedAt: z.iso.datetime({ offset: true }),
    reason: z.enum(['closed-by-staff', 'time-up', 'disaster-report-withdrawn']),
    closedBy: z.string().min(1).max(100).nullable(),
  })
  .strict();

export type AlertClosedV1 = z.infer<typeof alertClosedV1Schema>;

/**
 * deliveries.requested v1 — one page of a fan-out: deliveries persisted and waiting to be
 * sent. Ids only (no personal data); keyed per page so pages spread over partitions and
 * every dispatch pod in the group takes a share.
 */
export const deliveriesRequestedV1Schema = z
  .object({
    alertId: z.uuid(),
    round: z.number().int().min(1),
    deliveryIds: z.array(z.uuid()).min(1).max(1000),
  })
  .strict();

export type DeliveriesRequestedV1 = z.infer<typeof deliveriesRequestedV1Schema>;

/**
 * answer-links.issued v1 — the hashes of the answer tokens of one fan-out page, so that
 * response-collection can accept exactly these links until the alert closes (+ grace).
 * Hashes only: a token never leaves dispatch in readable form except inside its message.
 */
export const answerLinksIssuedV1Schema = z
  .object({
    alertId: z.uuid(),
    validUntil: z.iso.datetime({ offset: true }),
    links: z
      .array(z.object({ recipientId: z.uuid(), tokenHash: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict())
      .min(1)
      .max(1000),
  })
  .strict();

export type AnswerLinksIssuedV1 = z.infer<typeof answerLinksIssuedV1Schema>;

const deliveryCount = z.number().int().min(0);

/** Deliveries of one channel: waiting for it as first choice, or settled on it. */
export const channelProgressV1Schema = z.object({ queued: deliveryCount, sent: deliveryCount, failed: deliveryCount, bounced: deliveryCount }).strict();

/**
 * alert.progress v1 — how far an alert's sending has got, per channel. Emitted by dispatch at
 * most once per ALERT_PROGRESS_INTERVAL_MS per alert, only when something changed, while
 * deliveries are moving (and once more when they stop). Counts only, no personal data.
 * A queued delivery counts for the first channel of its fallback order; a settled one for the
 * channel that sent it or last failed.
 */
export const alertProgressV1Schema = z
  .object({
    alertId: z.uuid(),
    state: z.enum(['draft', 'sending', 'open', 'closed']),
    drill: z.boolean(),
    roundsStarted: z.number().int().min(1),
    widened: z.boolean(),
    totals: z
      .object({ queued: deliveryCount, sending: deliveryCount, sent: deliveryCount, failed: deliveryCount, bounced: deliveryCount, cancelled: deliveryCount })
      .strict(),
    channels: z.partialRecord(z.enum(['email', 'web-push', 'sms', 'line', 'webhook']), channelProgressV1Schema),
    responded: deliveryCount,
    measuredAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type AlertProgressV1 = z.infer<typeof alertProgressV1Schema>;

/** The channels a safety check can use, in the names every contract shares. */
export const deliveryChannelV1Schema = z.enum(['email', 'web-push', 'sms', 'line', 'webhook']);

/**
 * Why a channel did not deliver, as bounded words (dispatch's ProviderFailureKind): never the
 * provider's message, which can quote the address it refused.
 */
export const deliveryFailureKindV1Schema = z.enum([
  'timeout',
  'network',
  'server-error',
  'rate-limited',
  'bad-response',
  'circuit-open',
  'rate-limiter-unavailable',
  'not-configured',
  'rejected-recipient',
  'rejected-credentials',
  'rejected-message',
]);

/**
 * One channel of a delivery's fallback order, as it went: `sent`; `bounced` (the provider
 * refused the recipient's address); `failed` (any other failure, transient or permanent);
 * `skipped` (nothing was handed to a provider: the channel is not set up, or the recipient has
 * no address on it). Fallback moves on after a permanent failure only, so every attempt but
 * the last one of a delivery is `bounced`, `skipped` or a permanent `failed`.
 */
export const deliveryAttemptV1Schema = z.union([
  z.object({ channel: deliveryChannelV1Schema, outcome: z.literal('sent') }).strict(),
  z.object({ channel: deliveryChannelV1Schema, outcome: z.enum(['failed', 'bounced', 'skipped']), failureKind: deliveryFailureKindV1Schema }).strict(),
]);

export type DeliveryAttemptV1 = z.infer<typeof deliveryAttemptV1Schema>;

/**
 * delivery.outcomes v1 — how the deliveries of one recorded chunk went (at most
 * DELIVERY_CONCURRENCY per event, in the transaction that recorded them), so response-collection
 * can show next to each non-responder the channels tried. Ids, channel names and outcome kinds
 * only: no address, no provider message. Deliveries that reached no channel at all (alert closed
 * before sending, recipient gone from the directory, template error) are not in it.
 */
export const deliveryOutcomesV1Schema = z
  .object({
    alertId: z.uuid(),
    outcomes: z
      .array(
        z
          .object({
            recipientId: z.uuid(),
            deliveryId: z.uuid(),
            round: z.number().int().min(1),
            /** The delivery as recorded in dispatch's `deliveries.state`. */
            state: z.enum(['sent', 'failed', 'bounced']),
            /** In the order tried; each channel at most once (an alert lists a channel once). */
            attempts: z.array(deliveryAttemptV1Schema).min(1).max(deliveryChannelV1Schema.options.length),
            /** When the last channel answered. */
            at: z.iso.datetime({ offset: true }),
          })
          .strict()
          .superRefine((outcome, context) => {
            const channels = outcome.attempts.map((attempt) => attempt.channel);
            if (new Set(channels).size !== channels.length) context.addIssue({ code: 'custom', path: ['attempts'], message: 'a channel is tried at most once per delivery' });
            // Fallback stops at the first channel that delivers: only the last attempt can be `sent`, and then the delivery is.
            const sentAt = outcome.attempts.findIndex((attempt) => attempt.outcome === 'sent');
            const lastSent = outcome.attempts.at(-1)?.outcome === 'sent';
            if ((sentAt !== -1 && sentAt !== outcome.attempts.length - 1) || lastSent !== (outcome.state === 'sent')) {
              context.addIssue({ code: 'custom', path: ['state'], message: 'state must be sent exactly when the last attempt sent' });
            }
          }),
      )
      .min(1)
      .max(1000),
  })
  .strict();

export type DeliveryOutcomesV1 = z.infer<typeof deliveryOutcomesV1Schema>;
export type DeliveryOutcomeV1 = DeliveryOutcomesV1['outcomes'][number];
