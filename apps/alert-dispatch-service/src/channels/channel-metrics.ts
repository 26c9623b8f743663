import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ChannelKind, DeliveryOutcome, FailedOutcome } from './channel';

export type CircuitState = 'closed' | 'half-open' | 'open';

const circuitStateValues: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * What Grafana and the on-call read about channels: final outcomes per delivery, the latency
 * of each provider call, provider errors by kind, and each provider's circuit.
 */
export class ChannelMetrics {
  private readonly deliveries: Counter<'channel' | 'outcome'>;
  private readonly sendSeconds: Histogram<'channel'>;
  private readonly providerErrors: Counter<'channel' | 'kind'>;
  private readonly circuitState: Gauge<'channel' | 'provider'>;

  constructor(registry: Registry) {
    this.deliveries = new Counter({
      name: 'anpi_deliveries_total',
      help: 'Messages handed to a channel, by channel and final outcome (sent, transient-failure, permanent-failure).',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    });
    this.sendSeconds = new Histogram({
      name: 'anpi_delivery_send_seconds',
      help: 'Duration of one provider call (one attempt), by channel.',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
    this.providerErrors = new Counter({
      name: 'anpi_provider_errors_total',
      help: 'Failed provider calls, by channel and kind (timeout, server-error, rate-limited, rejected-recipient, circuit-open …).',
      labelNames: ['channel', 'kind'],
      registers: [registry],
    });
    this.circuitState = new Gauge({
      name: 'anpi_provider_circuit_state',
      help: 'Circuit breaker per provider: 0 closed, 1 half-open, 2 open.',
      labelNames: ['channel', 'provider'],
      registers: [registry],
    });
  }

  recordAttempt(channel: ChannelKind, outcome: DeliveryOutcome, seconds: number): void {
    this.sendSeconds.observe({ channel }, seconds);
    if (outcome.status !== 'sent') this.recordProviderError(channel, outcome);
  }

  /** Failures that never reached the provider (open circuit, rate limiter down) count as errors but not as latency. */
  recordProviderError(channel: ChannelKind, outcome: FailedOutcome): void {
    this.providerErrors.inc({ channel, kind: outcome.kind });
  }

  recordDelivery(channel: ChannelKind, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ channel, outcome: outcome.status });
  }

  setCircuitState(channel: ChannelKind, provider: string, state: CircuitState): void {
    this.circuitState.set({ channel, provider }, circuitStateValues[state]);
  }
}
