import { toOffboardingView } from './offboarding-view';
import { PurgePolicy } from './purge-policy';

describe('toOffboardingView', () => {
  const policy = new PurgePolicy(30);
  const disabledAt = new Date('2026-11-26T01:00:00Z');

  it('shows an active employee with no purge date', () => {
    expect(toOffboardingView({ status: 'active', disabledAt: null, purgedAt: null }, policy)).toEqual({
      state: 'active',
      disabledAt: null,
      purgeAfter: null,
      purgedAt: null,
    });
  });

  it('shows a disabled employee with the date their data will be erased', () => {
    expect(toOffboardingView({ status: 'disabled', disabledAt, purgedAt: null }, policy)).toEqual({
      state: 'awaiting_purge',
      disabledAt: '2026-11-26T01:00:00.000Z',
      purgeAfter: '2026-12-26T01:00:00.000Z',
      purgedAt: null,
    });
  });

  it('shows a purged employee with when it happened', () => {
    const purgedAt = new Date('2026-12-26T01:05:00Z');
    expect(toOffboardingView({ status: 'disabled', disabledAt, purgedAt }, policy)).toMatchObject({ state: 'purged', purgedAt: '2026-12-26T01:05:00.000Z' });
  });
});
