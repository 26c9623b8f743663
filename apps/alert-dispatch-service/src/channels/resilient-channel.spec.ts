import { Registry } from 'prom-client';
import { ChannelAdapter, ChannelMessage, DeliveryOutcome, ProviderIdentity, permanentFailure, sent, transientFailure } from './channel';
import { ChannelMetrics } from './channel-metrics';
import { ProviderCircuitBreakers } from './provider-circuit-breakers';
import { ProviderRateLimiter } from './provider-rate-limiter';
import { ResilientChannel } from './resilient-channel';

const message: ChannelMessage = {
  deliveryId: '0193f0c8-0000-7000-8000-000000000001',
  tenantId: '0193f0c8-0000-7000-8000-0000000000aa',
  recipientAddress: '+819012345678',
  subject: '【安否確認】地震',
  body: '回答 https://anpi.example/a/t',
  answerUrl: 'https://anpi.example/a/t',
  drill: false,
  language: 'ja',
};

type Step = () => Promise<DeliveryOutcome>;

/** Answers each call with the next scripted step (the last one repeats). */
class ScriptedAdapter implements ChannelAdapter {
  readonly kind = 'sms' as const;
  calls = 0;
  signals: AbortSignal[] = [];

  constructor(private readonly steps: Step[]) {}

  providerFor(): ProviderIdentity {
    return { channel: 'sms', host: 'sms.example', account: 'AC1' };
  }

  send(_message: ChannelMessage, signal: AbortSignal): Promise<DeliveryOutcome> {
    this.signals.push(signal);
    const step = this.steps[Math.min(this.calls, this.steps.length - 1)];
    this.calls += 1;
    return step();
  }

  async close(): Promise<void> {}
}

const answer = (outcome: DeliveryOutcome): Step => () => Promise.resolve(outcome);

class CountingRateLimiter implements ProviderRateLimiter {
  acquired = 0;
  failure: Error | undefined;

  async acquire(): Promise<void> {
    if (this.failure) throw this.failure;
    this.acquired += 1;
  }
}

async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((candidate) => candidate.name === name);
  const values = (metric as { values: { labels: Record<string, string>; value: number }[] } | undefined)?.values ?? [];
  return values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))?.value;
}

describe('ResilientChannel', () => {
  let registry: Registry;
  let metrics: ChannelMetrics;
  let breakers: ProviderCircuitBreakers;
  let rateLimiter: CountingRateLimiter;
  let waits: number[];

  beforeEach(() => {
    registry = new Registry();
    metrics = new ChannelMetrics(registry);
    breakers = new ProviderCircuitBreakers({ errorThresholdPercentage: 50, volumeThreshold: 4, resetTimeoutMs: 60_000, rollingWindowMs: 10_000 }, metrics);
    rateLimiter = new CountingRateLimiter();
    waits = [];
  });

  afterEach(() => breakers.shutdown());

  function channel(adapter: ChannelAdapter, timeoutMs = 1_000): ResilientChannel {
    return new ResilientChannel(adapter, {
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
      timeoutMs,
      breakers,
      rateLimiter,
      metrics,
      wait: async (milliseconds) => waits.push(milliseconds),
      random: () => 0.5,
    });
  }

  it('sends once when the provider accepts, taking one rate-limit permit', async () => {
    const adapter = new ScriptedAdapter([answer(sent('SM1'))]);
    const report = await channel(adapter).send(message);
    expect(report).toMatchObject({ channel: 'sms', outcome: { status: 'sent', providerMessageId: 'SM1' }, attempts: 1 });
    expect(rateLimiter.acquired).toBe(1);
    expect(await metricValue(registry, 'anpi_deliveries_total', { channel: 'sms', outcome: 'sent' })).toBe(1);
  });

  it('retries transient failures with jittered exponential back-off until one succeeds', async () => {
    const adapter = new ScriptedAdapter([answer(transientFailure('server-error', 'HTTP 500')), answer(transientFailure('server-error', 'HTTP 503')), answer(sent('SM2'))]);
    const report = await channel(adapter).send(message);
    expect(report.attempts).toBe(3);
    expect(report.outcome.status).toBe('sent');
    expect(waits).toEqual([50, 100]);
    expect(await metricValue(registry, 'anpi_provider_errors_total', { channel: 'sms', kind: 'server-error' })).toBe(2);
  });

  it('stops after the configured attempts and reports the transient failure', async () => {
    const adapter = new ScriptedAdapter([answer(transientFailure('server-error', 'HTTP 500'))]);
    const report = await channel(adapter).send(message);
    expect(report).toMatchObject({ attempts: 3, outcome: { status: 'transient-failure', kind: 'server-error' } });
    expect(await metricValue(registry, 'anpi_deliveries_total', { channel: 'sms', outcome: 'transient-failure' })).toBe(1);
  });

  it('never retries a permanent failure', async () => {
    const adapter = new ScriptedAdapter([answer(permanentFailure('rejected-recipient', 'invalid number'))]);
    const report = await channel(adapter).send(message);
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-recipient' } });
    expect(adapter.calls).toBe(1);
  });

  it('turns a thrown error into a transient network failure', async () => {
    const adapter = new ScriptedAdapter([() => Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } })), answer(sent('SM3'))]);
    const report = await channel(adapter).send(message);
    expect(report).toMatchObject({ attempts: 2, outcome: { status: 'sent' } });
    expect(await metricValue(registry, 'anpi_provider_errors_total', { channel: 'sms', kind: 'network' })).toBe(1);
  });

  it('gives up on a hanging provider at the timeout and aborts the request', async () => {
    const adapter = new ScriptedAdapter([() => new Promise<DeliveryOutcome>(() => undefined)]);
    const report = await channel(adapter, 30).send(message);
    expect(report).toMatchObject({ attempts: 3, outcome: { status: 'transient-failure', kind: 'timeout', reason: 'provider did not answer within 30 ms' } });
    expect(adapter.signals.every((signal) => signal.aborted)).toBe(true);
  });

  it('leaves no unhandled rejection when a timed-out call fails later', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      const adapter = new ScriptedAdapter([() => new Promise<DeliveryOutcome>((_, reject) => setTimeout(() => reject(new Error('late')), 60))]);
      await channel(adapter, 10).send(message);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('does not hold the delivery when Retry-After is longer than any back-off', async () => {
    const adapter = new ScriptedAdapter([answer(transientFailure('rate-limited', 'HTTP 429', 30_000))]);
    const report = await channel(adapter).send(message);
    expect(report).toMatchObject({ attempts: 1, outcome: { kind: 'rate-limited', retryAfterMs: 30_000 } });
  });

  it('opens the circuit after repeated failures and then fails fast without calling the provider', async () => {
    const adapter = new ScriptedAdapter([answer(transientFailure('server-error', 'HTTP 500'))]);
    const resilient = channel(adapter);
    await resilient.send(message);
    await resilient.send(message);
    // 3 calls in the first send, the 4th (the volume threshold) opens the circuit mid-way through the second.
    expect(adapter.calls).toBe(4);
    const report = await resilient.send(message);
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'transient-failure', kind: 'circuit-open' } });
    expect(adapter.calls).toBe(4);
    expect(await metricValue(registry, 'anpi_provider_circuit_state', { channel: 'sms', provider: 'sms.example' })).toBe(2);
    expect(await metricValue(registry, 'anpi_provider_errors_total', { channel: 'sms', kind: 'circuit-open' })).toBe(2);
  });

  it('does not count permanent failures against the circuit', async () => {
    const adapter = new ScriptedAdapter([answer(permanentFailure('rejected-recipient', 'invalid number'))]);
    const resilient = channel(adapter);
    for (let index = 0; index < 10; index += 1) await resilient.send(message);
    expect(adapter.calls).toBe(10);
    expect(await metricValue(registry, 'anpi_provider_circuit_state', { channel: 'sms', provider: 'sms.example' })).toBe(0);
  });

  it('reports a rate limiter it cannot reach as transient, without calling the provider', async () => {
    rateLimiter.failure = new Error('connection refused');
    const adapter = new ScriptedAdapter([answer(sent('SM4'))]);
    const report = await channel(adapter).send(message);
    expect(report.outcome).toMatchObject({ status: 'transient-failure', kind: 'rate-limiter-unavailable' });
    expect(adapter.calls).toBe(0);
  });
});
