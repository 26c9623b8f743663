import { buildEnvelope } from '../envelope';
import { topicForEvent, validateEvent } from '../event-registry';
import { topicSpec } from '../topics';
import { deliveryAttemptV1Schema, deliveryOutcomesV1Schema } from './alert-events';

const tenantId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';
const alertId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b11';
const recipientId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b12';
const deliveryId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b13';

/** E-mail refused the address, SMS delivered: the fallback as dispatch records it. */
const fellBackToSms = {
  recipientId,
  deliveryId,
  round: 1,
  state: 'sent',
  attempts: [
    { channel: 'email', outcome: 'bounced', failureKind: 'rejected-recipient' },
    { channel: 'sms', outcome: 'sent' },
  ],
  at: '2026-11-26T12:00:00.000Z',
};

function validate(payload: unknown) {
  return validateEvent(JSON.stringify(buildEnvelope({ type: 'delivery.outcomes', version: 1, tenantId, payload })));
}

function reasonOf(payload: unknown): string {
  const result = validate(payload);
  return result.ok ? '' : result.reason;
}

describe('delivery.outcomes v1', () => {
  it('accepts a chunk of outcomes and routes it to its own topic, owned by dispatch', () => {
    const everyKind = [
      fellBackToSms,
      { ...fellBackToSms, deliveryId: alertId, state: 'failed', attempts: [{ channel: 'line', outcome: 'failed', failureKind: 'timeout' }] },
      { ...fellBackToSms, state: 'bounced', round: 3, attempts: [{ channel: 'web-push', outcome: 'skipped', failureKind: 'not-configured' }, { channel: 'webhook', outcome: 'bounced', failureKind: 'rejected-recipient' }] },
    ];
    expect(validate({ alertId, outcomes: everyKind })).toMatchObject({ ok: true });
    expect(topicForEvent('delivery.outcomes')).toBe('delivery.outcomes');
    expect(topicSpec('delivery.outcomes')).toMatchObject({ owner: 'alert-dispatch-service', partitions: 12 });
  });

  it('holds a whole chunk of 1,000 deliveries and refuses more, or none', () => {
    const outcomes = (count: number) => Array.from({ length: count }, () => fellBackToSms);
    expect(validate({ alertId, outcomes: outcomes(1000) })).toMatchObject({ ok: true });
    expect(reasonOf({ alertId, outcomes: outcomes(1001) })).toMatch(/outcomes: Too big/);
    expect(reasonOf({ alertId, outcomes: [] })).toMatch(/outcomes: Too small/);
  });

  it.each([
    ['an address next to the channel', { ...fellBackToSms, attempts: [{ channel: 'sms', outcome: 'sent', address: '+819012345678' }] }, /attempts/],
    ['the provider message as failure kind', { ...fellBackToSms, state: 'failed', attempts: [{ channel: 'email', outcome: 'failed', failureKind: '550 hanako@example.jp: no such user' }] }, /attempts/],
    ['an error text on the delivery', { ...fellBackToSms, error: 'hanako@example.jp refused' }, /Unrecognized key: "error"/],
    ['an unknown channel', { ...fellBackToSms, attempts: [{ channel: 'fax', outcome: 'sent' }] }, /attempts/],
    ['a failure without its kind', { ...fellBackToSms, state: 'failed', attempts: [{ channel: 'email', outcome: 'failed' }] }, /attempts/],
    ['no attempt at all', { ...fellBackToSms, attempts: [] }, /attempts: Too small/],
    ['a channel tried twice', { ...fellBackToSms, attempts: [{ channel: 'email', outcome: 'skipped', failureKind: 'not-configured' }, { channel: 'email', outcome: 'sent' }] }, /attempts: a channel is tried at most once/],
    ['a sent delivery whose last channel failed', { ...fellBackToSms, attempts: [{ channel: 'email', outcome: 'failed', failureKind: 'timeout' }] }, /state: state must be sent exactly when/],
    ['a failed delivery whose last channel sent', { ...fellBackToSms, state: 'failed' }, /state: state must be sent exactly when/],
    ['a delivery that goes on after sending', { ...fellBackToSms, state: 'failed', attempts: [{ channel: 'email', outcome: 'sent' }, { channel: 'sms', outcome: 'failed', failureKind: 'timeout' }] }, /state/],
    ['round 0', { ...fellBackToSms, round: 0 }, /round/],
    ['a time without zone', { ...fellBackToSms, at: '2026-11-26 12:00' }, /at/],
  ])('refuses %s', (_case, outcome, reason) => {
    expect(reasonOf({ alertId, outcomes: [outcome] })).toMatch(reason);
  });

  // A new field is a deliberate change of this test: nothing personal may ride along unnoticed.
  it('carries ids, round, state, time and per channel only the outcome kind', () => {
    expect(Object.keys(deliveryOutcomesV1Schema.shape).sort()).toEqual(['alertId', 'outcomes']);
    expect(Object.keys(deliveryOutcomesV1Schema.shape.outcomes.element.shape).sort()).toEqual(['at', 'attempts', 'deliveryId', 'recipientId', 'round', 'state']);
    expect(deliveryAttemptV1Schema.options.map((option) => Object.keys(option.shape).sort())).toEqual([
      ['channel', 'outcome'],
      ['channel', 'failureKind', 'outcome'],
    ]);
  });
});
