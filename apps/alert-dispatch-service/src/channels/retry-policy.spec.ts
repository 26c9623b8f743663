import { retryDelayMs } from './retry-policy';

const settings = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('retryDelayMs (exponential back-off, full jitter)', () => {
  it('draws from [0, base·2^(attempt-1)], capped at the maximum', () => {
    expect(retryDelayMs(1, undefined, settings, () => 0.999)).toBe(99);
    expect(retryDelayMs(3, undefined, settings, () => 0.999)).toBe(399);
    expect(retryDelayMs(10, undefined, settings, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, undefined, settings, () => 0)).toBe(0);
  });

  it("waits at least the provider's Retry-After", () => {
    expect(retryDelayMs(1, 800, settings, () => 0.5)).toBe(800);
  });

  it('gives up retrying here when Retry-After is longer than the longest back-off', () => {
    expect(retryDelayMs(1, 30_000, settings, () => 0.5)).toBeUndefined();
  });
});
