export interface LockoutRule {
  /** Failures tolerated before the first lock. */
  failuresBeforeLock: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/**
 * Growing back-off: no lock for the first failures, then a lock that doubles with every
 * further failure, capped. Each failure after a lock ends starts a longer one, so guessing
 * slows to a crawl while a person who mistyped a few times is never stopped.
 */
export function lockSecondsAfter(failures: number, rule: LockoutRule): number {
  if (failures < rule.failuresBeforeLock) return 0;
  return Math.min(rule.maxLockSeconds, rule.baseLockSeconds * 2 ** (failures - rule.failuresBeforeLock));
}
