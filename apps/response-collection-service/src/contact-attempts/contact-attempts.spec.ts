import { DeliveryOutcomeV1 } from '@anpi/contracts';
import { summariseOutcomes } from './contact-attempts';

const hanako = '0193f0c8-0000-7000-8000-000000000201';
const taro = '0193f0c8-0000-7000-8000-000000000202';

function outcome(recipientId: string, at: string, state: DeliveryOutcomeV1['state'], attempts: DeliveryOutcomeV1['attempts'], round = 1): DeliveryOutcomeV1 {
  return { recipientId, deliveryId: '0193f0c8-0000-7000-8000-000000000101', round, state, attempts, at };
}

describe('summariseOutcomes', () => {
  it('counts a channel as tried only when it reached a provider, and keeps the order tried', () => {
    const [summary] = summariseOutcomes([
      outcome(hanako, '2026-11-26T03:00:00.000Z', 'sent', [
        { channel: 'web-push', outcome: 'skipped', failureKind: 'not-configured' },
        { channel: 'email', outcome: 'bounced', failureKind: 'rejected-recipient' },
        { channel: 'sms', outcome: 'sent' },
      ]),
    ]);
    expect(summary).toEqual({ recipientId: hanako, channels: ['email', 'sms'], lastChannel: 'sms', lastState: 'sent', lastAttemptAt: '2026-11-26T03:00:00.000Z', deliveries: 1 });
  });

  it('says no channel when none reached a provider', () => {
    const [summary] = summariseOutcomes([outcome(taro, '2026-11-26T03:00:00.000Z', 'failed', [{ channel: 'email', outcome: 'skipped', failureKind: 'not-configured' }])]);
    expect(summary).toMatchObject({ channels: [], lastChannel: null, lastState: 'failed' });
  });

  it('folds two deliveries of one person into one row, the newest deciding the last delivery', () => {
    const summaries = summariseOutcomes([
      outcome(hanako, '2026-11-26T03:10:00.000Z', 'failed', [{ channel: 'line', outcome: 'failed', failureKind: 'timeout' }], 2),
      outcome(taro, '2026-11-26T03:00:00.000Z', 'sent', [{ channel: 'email', outcome: 'sent' }]),
      outcome(hanako, '2026-11-26T03:00:00.000Z', 'sent', [{ channel: 'email', outcome: 'sent' }]),
    ]);
    expect(summaries).toHaveLength(2);
    expect(summaries.find((summary) => summary.recipientId === hanako)).toEqual({
      recipientId: hanako,
      channels: ['email', 'line'],
      lastChannel: 'line',
      lastState: 'failed',
      lastAttemptAt: '2026-11-26T03:10:00.000Z',
      deliveries: 2,
    });
  });
});
