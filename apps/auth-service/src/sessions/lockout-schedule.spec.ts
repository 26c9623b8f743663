import { lockSecondsAfter } from './lockout-schedule';

describe('lockSecondsAfter', () => {
  const rule = { failuresBeforeLock: 5, baseLockSeconds: 5, maxLockSeconds: 900 };

  it.each([
    [1, 0],
    [4, 0],
    [5, 5],
    [6, 10],
    [7, 20],
    [11, 320],
    [12, 640],
    [13, 900],
    [60, 900],
  ])('after %i failures locks for %i s', (failures, seconds) => {
    expect(lockSecondsAfter(failures, rule)).toBe(seconds);
  });
});
