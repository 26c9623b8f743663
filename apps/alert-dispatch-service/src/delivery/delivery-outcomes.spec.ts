import { buildEnvelope, validateEvent } from '@anpi/contracts';
import { randomUUID } from 'node:crypto';
import { ChannelAttemptReport, ChannelKind, DeliveryOutcome, FallbackResult, permanentFailure, sent, transientFailure } from '../channels';
import { deliveryOutcomesEvent, finalState, notAttempted } from './delivery-outcomes';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const alertId = '0193f0c8-0000-7000-8000-0000000000bb';
const at = new Date('2026-11-26T03:04:05.678Z');
const delivery = (n: number) => ({ id: `0193f0c8-0000-7000-8000-00000000010${n}`, recipientId: `0193f0c8-0000-7000-8000-00000000020${n}`, round: 2 });

function attempt(channel: ChannelKind, outcome: DeliveryOutcome): ChannelAttemptReport {
  return { channel, outcome, attempts: outcome.status === 'transient-failure' ? 3 : 1, durationMs: 5 };
}

function fallback(...attempts: ChannelAttemptReport[]): FallbackResult {
  const last = attempts.at(-1)!;
  return { outcome: last.outcome, ...(last.outcome.status === 'sent' ? { sentBy: last.channel } : {}), attempts };
}

/** Validated as the consumer will validate it, from the bytes the relay sends. */
function announced(results: Parameters<typeof deliveryOutcomesEvent>[2]) {
  const event = deliveryOutcomesEvent(tenantId, alertId, results)!;
  const validation = validateEvent(JSON.stringify(buildEnvelope(event)));
  if (!validation.ok) throw new Error(validation.reason);
  return { event, payload: validation.event.payload as { alertId: string; outcomes: Record<string, unknown>[] } };
}

describe('delivery outcomes: what a recorded chunk announces', () => {
  it('shows both channels when e-mail refused the address and SMS then delivered', () => {
    const bouncedThenSms = fallback(attempt('email', permanentFailure('rejected-recipient', '550 5.1.1 <hanako@example.jp>: no such user')), attempt('sms', sent('SM123')));
    const state = finalState(delivery(1), bouncedThenSms, at);
    expect(state).toMatchObject({ state: 'sent', channel: 'sms', error: null });

    const { event, payload } = announced([state]);
    expect(event).toMatchObject({ type: 'delivery.outcomes', version: 1, tenantId, key: alertId });
    expect(payload).toEqual({
      alertId,
      outcomes: [
        {
          recipientId: delivery(1).recipientId,
          deliveryId: delivery(1).id,
          round: 2,
          state: 'sent',
          attempts: [
            { channel: 'email', outcome: 'bounced', failureKind: 'rejected-recipient' },
            { channel: 'sms', outcome: 'sent' },
          ],
          at: '2026-11-26T03:04:05.678Z',
        },
      ],
    });
  });

  it('names every outcome kind and never the provider’s words', () => {
    const results = [
      // No e-mail address: skipped without a provider; LINE down: failed, tried again next round.
      finalState(delivery(2), fallback(attempt('email', permanentFailure('not-configured', 'recipient has no email address')), attempt('line', transientFailure('timeout', 'no answer in 10 s'))), at),
      // The SMS provider refused the number: the delivery bounced.
      finalState(delivery(3), fallback(attempt('sms', permanentFailure('rejected-recipient', '+819012345678 is not a mobile number'))), at),
      // Bad credentials: failed, not bounced (the person's address is not at fault).
      finalState(delivery(4), fallback(attempt('webhook', permanentFailure('rejected-credentials', 'https://hooks.example answered 401'))), at),
    ];
    expect(results.map((result) => [result.state, result.channel])).toEqual([
      ['failed', 'line'],
      ['bounced', 'sms'],
      ['failed', 'webhook'],
    ]);
    const { payload } = announced(results);
    expect(payload.outcomes.map((outcome) => [outcome.state, outcome.attempts])).toEqual([
      [
        'failed',
        [
          { channel: 'email', outcome: 'skipped', failureKind: 'not-configured' },
          { channel: 'line', outcome: 'failed', failureKind: 'timeout' },
        ],
      ],
      ['bounced', [{ channel: 'sms', outcome: 'bounced', failureKind: 'rejected-recipient' }]],
      ['failed', [{ channel: 'webhook', outcome: 'failed', failureKind: 'rejected-credentials' }]],
    ]);
    // The reasons stay in dispatch's own `last_error`.
    expect(results[1].error).toContain('+819012345678');
    expect(JSON.stringify(payload)).not.toMatch(/819012345678|hooks\.example|no answer/);
  });

  it('leaves out deliveries that reached no channel, and announces nothing for a chunk of only those', () => {
    const closed = notAttempted(delivery(5), 'alert closed before sending', at);
    const reached = finalState(delivery(6), fallback(attempt('email', sent('<m@anpi>'))), at);
    expect(closed).toMatchObject({ state: 'failed', channel: null, attempts: [] });
    expect(announced([closed, reached]).payload.outcomes.map((outcome) => outcome.deliveryId)).toEqual([delivery(6).id]);
    expect(deliveryOutcomesEvent(tenantId, alertId, [closed, notAttempted(delivery(7), 'recipient no longer in the directory', at)])).toBeUndefined();
  });

  it('keeps a chunk announceable even when channel_order holds a repeat or a stray value', () => {
    const odd = fallback(
      attempt('email', permanentFailure('rejected-recipient', 'gone')),
      attempt('fax' as ChannelKind, permanentFailure('not-configured', 'fax is not set up')),
      attempt('email', sent('<again@anpi>')),
    );
    const { payload } = announced([finalState(delivery(8), odd, at)]);
    expect(payload.outcomes[0].attempts).toEqual([{ channel: 'email', outcome: 'sent' }]);
  });

  it('holds a chunk of the largest DELIVERY_CONCURRENCY in one event', () => {
    const chunk = Array.from({ length: 500 }, (_, index) => finalState({ ...delivery(1), id: randomUUID(), recipientId: randomUUID() }, fallback(attempt('email', sent(`m${index}`))), at));
    expect(announced(chunk).payload.outcomes).toHaveLength(500);
  });
});
