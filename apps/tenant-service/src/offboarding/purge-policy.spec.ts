import { PurgePolicy } from './purge-policy';

describe('PurgePolicy', () => {
  const policy = new PurgePolicy(30);
  const disabledAt = new Date('2026-11-01T09:30:00Z');

  it('makes a disabled employee due the configured number of days later', () => {
    expect(policy.purgeAfter(disabledAt)).toEqual(new Date('2026-12-01T09:30:00Z'));
    expect(new PurgePolicy(7).purgeAfter(disabledAt)).toEqual(new Date('2026-11-08T09:30:00Z'));
  });

  it('finds due employees by their disable time, boundary included', () => {
    const cutoff = policy.disabledNoLaterThan(new Date('2026-12-01T09:30:00Z'));
    expect(cutoff).toEqual(disabledAt);
    expect(policy.purgeAfter(cutoff).getTime()).toBe(new Date('2026-12-01T09:30:00Z').getTime());
  });

  it('leaves a tombstone number unique per employee that fits the 32-character column and reveals nothing', () => {
    const first = policy.tombstoneOf('0b9f6a4e-7c1d-4e2a-9f3b-5d6c7e8f9a0b');
    const second = policy.tombstoneOf('1c0a7b5f-8d2e-4f3b-a04c-6e7d8f9a0b1c');
    expect(first.employeeNumber).toBe('purged-0b9f6a4e7c1d4e2a9f3b5d6c7');
    expect(first.employeeNumber.length).toBeLessThanOrEqual(32);
    expect(second.employeeNumber).not.toBe(first.employeeNumber);
    expect(first.name).toBe('(purged)');
  });
});
