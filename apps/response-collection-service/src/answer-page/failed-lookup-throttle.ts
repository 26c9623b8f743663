export interface ThrottleSettings {
  /** Failed link lookups allowed per key within the window. */
  maxFailures: number;
  windowMs: number;
  /** Keys kept in memory at most; the oldest windows are dropped first. */
  maxKeys: number;
}

/**
 * Slows down link guessing without slowing down people: only lookups that found no valid link
 * count, per client address and per token prefix. Phones behind one carrier address all
 * answer with valid links, so they never meet this limit. Kept in memory per pod: with
 * 256-bit tokens this is a brake on noise, not the protection itself.
 */
export class FailedLookupThrottle {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly settings: ThrottleSettings,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds to wait before trying again, or 0 when the client may look up a link now. */
  retryAfterMs(clientAddress: string, token: string): number {
    const now = this.clock();
    return Math.max(0, ...keysOf(clientAddress, token).map((key) => this.waitFor(key, now)));
  }

  recordFailure(clientAddress: string, token: string): void {
    const now = this.clock();
    for (const key of keysOf(clientAddress, token)) {
      const window = this.windows.get(key);
      if (!window || now - window.startedAt >= this.settings.windowMs) {
        this.windows.delete(key);
        this.windows.set(key, { startedAt: now, failures: 1 });
      } else {
        window.failures += 1;
      }
    }
    while (this.windows.size > this.settings.maxKeys) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
  }

  private waitFor(key: string, now: number): number {
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.settings.windowMs) return 0;
    return window.failures >= this.settings.maxFailures ? window.startedAt + this.settings.windowMs - now : 0;
  }
}

function keysOf(clientAddress: string, token: string): string[] {
  return [`address:${clientAddress}`, `prefix:${token.slice(0, 8)}`];
}
