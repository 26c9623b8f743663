import { FailedLookupThrottle } from './failed-lookup-throttle';

describe('FailedLookupThrottle', () => {
  let now = 0;
  const throttle = () => new FailedLookupThrottle({ maxFailures: 3, windowMs: 60_000, maxKeys: 100 }, () => now);

  it('lets a client through until it has failed too often, then until the window ends', () => {
    now = 0;
    const subject = throttle();
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(subject.retryAfterMs('198.51.100.7', `guess${attempt}aaaaaaaa`)).toBe(0);
      subject.recordFailure('198.51.100.7', `guess${attempt}aaaaaaaa`);
    }
    now = 10_000;
    expect(subject.retryAfterMs('198.51.100.7', 'anotherguess')).toBe(50_000);
    expect(subject.retryAfterMs('203.0.113.9', 'validtoken')).toBe(0);
    now = 60_000;
    expect(subject.retryAfterMs('198.51.100.7', 'anotherguess')).toBe(0);
  });

  it('also limits guesses at one token prefix from many addresses', () => {
    now = 0;
    const subject = throttle();
    for (let address = 0; address < 3; address++) subject.recordFailure(`198.51.100.${address}`, `AAAAAAAA${address}`);
    expect(subject.retryAfterMs('203.0.113.50', 'AAAAAAAAzzz')).toBeGreaterThan(0);
    expect(subject.retryAfterMs('203.0.113.50', 'BBBBBBBBzzz')).toBe(0);
  });

  it('keeps memory bounded', () => {
    now = 0;
    const subject = new FailedLookupThrottle({ maxFailures: 1, windowMs: 60_000, maxKeys: 10 }, () => now);
    for (let address = 0; address < 100; address++) subject.recordFailure(`10.0.0.${address}`, `token${address}xxxx`);
    expect(subject.retryAfterMs('10.0.0.0', 'token0xxxx')).toBe(0);
    expect(subject.retryAfterMs('10.0.0.99', 'token99xxxx')).toBeGreaterThan(0);
  });
});
