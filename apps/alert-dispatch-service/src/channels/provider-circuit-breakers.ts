import CircuitBreaker from 'opossum';
import { DeliveryOutcome, FailedOutcome, ProviderIdentity, transientFailure } from './channel';
import { ChannelMetrics } from './channel-metrics';
import { CircuitBreakerSettings } from './channels-settings';

type ProviderCall = () => Promise<DeliveryOutcome>;

/** Carries a transient outcome through opossum, which counts only rejections as failures. */
class TransientOutcome extends Error {
  constructor(readonly outcome: FailedOutcome) {
    super(outcome.reason);
  }
}

async function callCountingTransientFailures(call: ProviderCall): Promise<DeliveryOutcome> {
  const outcome = await call();
  if (outcome.status === 'transient-failure') throw new TransientOutcome(outcome);
  // Permanent failures are the recipient's or the message's fault, not the provider's: they keep the circuit closed.
  return outcome;
}

/**
 * One circuit breaker per provider host (opossum), shared by every tenant that uses that
 * host: an outage of a provider is the same outage for all of them. While a circuit is open,
 * calls fail at once as `circuit-open` (transient) instead of waiting for timeouts.
 */
export class ProviderCircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[ProviderCall], DeliveryOutcome>>();

  constructor(
    private readonly settings: CircuitBreakerSettings,
    private readonly metrics: ChannelMetrics,
  ) {}

  async call(provider: ProviderIdentity, call: ProviderCall): Promise<DeliveryOutcome> {
    try {
      return await this.breakerFor(provider).fire(call);
    } catch (error) {
      if (error instanceof TransientOutcome) return error.outcome;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        return transientFailure('circuit-open', `circuit for ${provider.channel} provider ${provider.host} is open after repeated failures`);
      }
      throw error;
    }
  }

  shutdown(): void {
    for (const breaker of this.breakers.values()) breaker.shutdown();
    this.breakers.clear();
  }

  private breakerFor(provider: ProviderIdentity): CircuitBreaker<[ProviderCall], DeliveryOutcome> {
    const key = `${provider.channel} ${provider.host}`;
    const existing = this.breakers.get(key);
    if (existing) return existing;
    const breaker = new CircuitBreaker(callCountingTransientFailures, {
      name: key,
      // Timeouts are the resilience wrapper's (it also aborts the request); opossum only counts.
      timeout: false,
      errorThresholdPercentage: this.settings.errorThresholdPercentage,
      volumeThreshold: this.settings.volumeThreshold,
      resetTimeout: this.settings.resetTimeoutMs,
      rollingCountTimeout: this.settings.rollingWindowMs,
      rollingCountBuckets: 10,
    });
    const report = (state: 'closed' | 'half-open' | 'open') => () => this.metrics.setCircuitState(provider.channel, provider.host, state);
    breaker.on('open', report('open'));
    breaker.on('halfOpen', report('half-open'));
    breaker.on('close', report('closed'));
    report('closed')();
    this.breakers.set(key, breaker);
    return breaker;
  }
}
