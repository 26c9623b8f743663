import { alertScheduleOf } from './alert-schedule';

describe('the times an alert closes and widens, as the dashboard shows them', () => {
  const alert = { state: 'open', createdAt: '2026-12-07T10:00:00.000Z', closesAt: '2026-12-08T10:00:00.000Z', widening: null };

  it('names the closing time, and no widening when none was asked for', () => {
    expect(alertScheduleOf(alert)).toEqual({ closesAt: '2026-12-08T10:00:00.000Z' });
  });

  it('widens the chosen minutes after the alert was created, until it has', () => {
    expect(alertScheduleOf({ ...alert, widening: { afterMinutes: 30, widenedAt: null } }).widening).toEqual({ done: false, at: '2026-12-07T10:30:00.000Z' });
    expect(alertScheduleOf({ ...alert, widening: { afterMinutes: 30, widenedAt: '2026-12-07T10:30:02.000Z' } }).widening).toEqual({ done: true, at: '2026-12-07T10:30:02.000Z' });
  });

  it('says nothing of a widening cancelled by closing the alert first, but still of one that happened', () => {
    expect(alertScheduleOf({ ...alert, state: 'closed', widening: { afterMinutes: 30, widenedAt: null } }).widening).toBeUndefined();
    expect(alertScheduleOf({ ...alert, state: 'closed', widening: { afterMinutes: 30, widenedAt: '2026-12-07T10:30:02.000Z' } }).widening?.done).toBe(true);
  });
});
