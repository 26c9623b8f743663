import { DeliveryAttemptV1, DeliveryOutcomesV1, DeliveryOutcomeV1 } from '@anpi/contracts';
import { OutgoingEvent } from '@anpi/messaging';
import { CHANNEL_KINDS, ChannelAttemptReport, FallbackResult } from '../channels';

/** How one delivery ended, as `deliveries` records it and `delivery.outcomes` announces it. */
export interface FinalState {
  id: string;
  recipientId: string;
  round: number;
  state: 'sent' | 'failed' | 'bounced';
  /** The channel that sent it, or the one tried last; null when none was tried. */
  channel: string | null;
  error: string | null;
  /** Every channel of the fallback order that was tried, in order; empty when none was. */
  attempts: DeliveryAttemptV1[];
  /** When the last channel answered. */
  at: Date;
}

export interface DeliveryToRecord {
  id: string;
  recipientId: string;
  round: number;
}

/**
 * Sent; bounced (the address was refused); or failed — after the channel layer's own retries,
 * a transient failure is final for this round, and the next re-send round tries again.
 */
export function finalState({ id, recipientId, round }: DeliveryToRecord, result: FallbackResult, at: Date): FinalState {
  const attempts = attemptsOf(result.attempts);
  if (result.outcome.status === 'sent') return { id, recipientId, round, state: 'sent', channel: result.sentBy ?? null, error: null, attempts, at };
  const error = `${result.outcome.status === 'transient-failure' ? 'transient: ' : ''}${result.outcome.reason}`.slice(0, 500);
  // The channel tried last is kept, so progress can say per channel what failed or bounced.
  const state = result.outcome.kind === 'rejected-recipient' ? 'bounced' : 'failed';
  return { id, recipientId, round, state, channel: result.attempts.at(-1)?.channel ?? null, error, attempts, at };
}

/** A delivery that reached no channel at all: the alert closed, the person left, the template broke. */
export function notAttempted({ id, recipientId, round }: DeliveryToRecord, error: string, at: Date): FinalState {
  return { id, recipientId, round, state: 'failed', channel: null, error, attempts: [], at };
}

/**
 * The channel and outcome kind of each attempt, never the provider's reason (it can quote the
 * address). Recording must not fail on the announcement, so what the contract refuses is
 * dropped here: a channel outside it (a stray value in `channel_order`), and the earlier try of
 * a channel listed twice (alerts refuse repeats; the later try is the one that counts).
 */
function attemptsOf(reports: readonly ChannelAttemptReport[]): DeliveryAttemptV1[] {
  // Runs for every delivery, almost always over one report: no intermediate arrays.
  const attempts: DeliveryAttemptV1[] = [];
  reports.forEach((report, index) => {
    const triedAgainLater = reports.findIndex((later, laterIndex) => laterIndex > index && later.channel === report.channel) >= 0;
    if (KNOWN_CHANNELS.has(report.channel) && !triedAgainLater) attempts.push(attemptOf(report));
  });
  return attempts;
}

const KNOWN_CHANNELS: ReadonlySet<string> = new Set(CHANNEL_KINDS);

function attemptOf({ channel, outcome }: ChannelAttemptReport): DeliveryAttemptV1 {
  if (outcome.status === 'sent') return { channel, outcome: 'sent' };
  // `not-configured` is the one kind that never reaches a provider (no settings, no address).
  const kind = outcome.kind === 'not-configured' ? 'skipped' : outcome.kind === 'rejected-recipient' ? 'bounced' : 'failed';
  return { channel, outcome: kind, failureKind: outcome.kind };
}

/**
 * One `delivery.outcomes` event for a recorded chunk (undefined when no delivery in it reached
 * a channel): one outbox row per chunk, not per delivery, keyed by the alert so an alert's
 * outcomes stay in order.
 */
export function deliveryOutcomesEvent(tenantId: string, alertId: string, results: readonly FinalState[]): OutgoingEvent | undefined {
  const outcomes = results.filter((result) => result.attempts.length > 0).map(toOutcome);
  if (outcomes.length === 0) return undefined;
  const payload: DeliveryOutcomesV1 = { alertId, outcomes };
  return { type: 'delivery.outcomes', version: 1, tenantId, key: alertId, payload };
}

function toOutcome(result: FinalState): DeliveryOutcomeV1 {
  return { recipientId: result.recipientId, deliveryId: result.id, round: result.round, state: result.state, attempts: result.attempts, at: result.at.toISOString() };
}
