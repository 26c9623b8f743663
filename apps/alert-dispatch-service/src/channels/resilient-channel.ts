import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelAdapter, ChannelKind, ChannelMessage, DeliveryOutcome, ProviderIdentity, transientFailure } from './channel';
import { ChannelMetrics } from './channel-metrics';
import { RetrySettings } from './channels-settings';
import { ProviderCircuitBreakers } from './provider-circuit-breakers';
import { ProviderRateLimiter } from './provider-rate-limiter';
import { retryDelayMs } from './retry-policy';

/** What happened on one channel for one message, after retries. */
export interface ChannelAttemptReport {
  channel: ChannelKind;
  outcome: DeliveryOutcome;
  /** Provider calls made (0 when the channel was not configured or the address missing). */
  attempts: number;
  durationMs: number;
  /**
   * The addresses the provider refused as unknown or gone (rejected-recipient), for a channel
   * that was given several; kept in memory only (they are personal data), never recorded.
   */
  refusedAddresses?: readonly string[];
}

export interface ResilienceDependencies {
  retry: RetrySettings;
  timeoutMs: number;
  breakers: ProviderCircuitBreakers;
  rateLimiter: ProviderRateLimiter;
  metrics: ChannelMetrics;
  /** Replaceable in unit tests: waiting and jitter. */
  wait?: (milliseconds: number) => Promise<unknown>;
  random?: () => number;
}

/**
 * The one resilience path every adapter goes through: rate-limit permit → circuit breaker →
 * call with timeout (aborting the request) → classification; transient failures retried with
 * jittered back-off up to `retry.maxAttempts`, permanent failures never. Never rejects: every
 * error becomes an outcome.
 */
export class ResilientChannel {
  private readonly wait: (milliseconds: number) => Promise<unknown>;
  private readonly random: () => number;

  constructor(
    readonly adapter: ChannelAdapter,
    private readonly dependencies: ResilienceDependencies,
  ) {
    this.wait = dependencies.wait ?? sleep;
    this.random = dependencies.random ?? Math.random;
  }

  get kind(): ChannelKind {
    return this.adapter.kind;
  }

  async send(message: ChannelMessage): Promise<ChannelAttemptReport> {
    const started = performance.now();
    const provider = this.adapter.providerFor(message);
    let attempts = 0;
    let outcome: DeliveryOutcome;
    for (;;) {
      attempts += 1;
      outcome = await this.attemptOnce(message, provider);
      if (!this.shouldRetry(outcome, attempts)) break;
      const delay = retryDelayMs(attempts, outcome.status === 'transient-failure' ? outcome.retryAfterMs : undefined, this.dependencies.retry, this.random);
      if (delay === undefined) break;
      await this.wait(delay);
    }
    this.dependencies.metrics.recordDelivery(this.kind, outcome);
    return { channel: this.kind, outcome, attempts, durationMs: performance.now() - started };
  }

  private shouldRetry(outcome: DeliveryOutcome, attempts: number): boolean {
    // An open circuit will still be open after a back-off of seconds: give the delivery back at once.
    return outcome.status === 'transient-failure' && outcome.kind !== 'circuit-open' && attempts < this.dependencies.retry.maxAttempts;
  }

  private async attemptOnce(message: ChannelMessage, provider: ProviderIdentity): Promise<DeliveryOutcome> {
    try {
      await this.dependencies.rateLimiter.acquire(provider);
    } catch (error) {
      const outcome = transientFailure('rate-limiter-unavailable', `provider rate limit could not be checked: ${(error as Error).message}`);
      this.dependencies.metrics.recordProviderError(this.kind, outcome);
      return outcome;
    }
    const started = performance.now();
    let called = false;
    const outcome = await this.dependencies.breakers.call(provider, () => {
      called = true;
      return this.callWithTimeout(message);
    });
    if (called) this.dependencies.metrics.recordAttempt(this.kind, outcome, (performance.now() - started) / 1000);
    else if (outcome.status !== 'sent') this.dependencies.metrics.recordProviderError(this.kind, outcome);
    return outcome;
  }

  private async callWithTimeout(message: ChannelMessage): Promise<DeliveryOutcome> {
    const controller = new AbortController();
    const timeoutMs = this.dependencies.timeoutMs;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const timedOut = new Promise<DeliveryOutcome>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve(transientFailure('timeout', `provider did not answer within ${timeoutMs} ms`)), { once: true }),
    );
    // The adapter's promise is always settled into an outcome, so losing the race can never leave an unhandled rejection.
    const call = this.adapter.send(message, controller.signal).catch((error: unknown) => outcomeOfThrown(error, controller.signal, timeoutMs));
    try {
      return await Promise.race([call, timedOut]);
    } finally {
      // No abort() after an answer: there is nothing left to cancel, and each abort builds a DOMException (measurable at 1,000 sends/s).
      clearTimeout(timer);
    }
  }
}

function outcomeOfThrown(error: unknown, signal: AbortSignal, timeoutMs: number): DeliveryOutcome {
  if (signal.aborted) return transientFailure('timeout', `provider did not answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const detail = error instanceof Error ? error.message : String(error);
  return transientFailure('network', `provider unreachable: ${detail}${cause ? ` (${cause})` : ''}`);
}
