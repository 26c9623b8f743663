import { stack, waitFor } from '@anpi/testing';
import { RunningSystem, newTenantRequest } from './system';

/**
 * Kafka or PostgreSQL going away while the services run: readiness turns 503 within 5 s,
 * nothing committed is lost, and everything recovers by itself when they return.
 */
type HealthBody = { error: Record<string, unknown>; details: Record<string, unknown> };

describe('dependency outages', () => {
  const system = new RunningSystem();

  beforeAll(() => system.start(), 120_000);
  afterAll(async () => {
    // Whatever happened above, leave the stack up for the next suite.
    await stack('start', 'kafka');
    await stack('start', 'postgres');
    await system.stop();
  }, 180_000);

  async function secondsUntilAllNotReady(): Promise<number> {
    const started = Date.now();
    await waitFor(async () => (await Promise.all(system.all.map((service) => service.readiness()))).every((status) => status === 503), {
      timeoutMs: 10_000,
      intervalMs: 100,
      what: 'every service to report 503 on /health/ready',
    });
    return (Date.now() - started) / 1000;
  }

  async function allReady(timeoutMs = 90_000) {
    await waitFor(async () => (await Promise.all(system.all.map((service) => service.readiness()))).every((status) => status === 200), {
      timeoutMs,
      intervalMs: 250,
      what: 'every service to report ready again',
    });
  }

  it('loses no event while the Kafka broker is down and catches up when it returns', async () => {
    await stack('stop', 'kafka');
    try {
      expect(await secondsUntilAllNotReady()).toBeLessThan(5);
      const body = (await (await fetch(`${system.tenant.baseUrl}/health/ready`)).json()) as HealthBody;
      expect(body.error).toMatchObject({ kafka: { status: 'down' } });
      expect(body.details).toMatchObject({ database: { status: 'up' } });

      // Sign-ups keep working: the event waits in the outbox, committed with the tenant.
      const signUps = await Promise.all([system.signUp(newTenantRequest()), system.signUp(newTenantRequest()), system.signUp(newTenantRequest())]);
      expect(signUps.map((result) => result.status)).toEqual([201, 201, 201]);
      const metrics = await (await fetch(`${system.tenant.baseUrl}/metrics`)).text();
      expect(Number(/anpi_outbox_pending_events\{[^}]*\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(3);

      await stack('start', 'kafka');
      await allReady();
      for (const { body: tenant } of signUps) {
        await system.waitForTenantEverywhere(tenant.id as string, 90_000);
      }
    } finally {
      await stack('start', 'kafka');
    }
  });

  it('reports PostgreSQL down within 5 s, fails requests cleanly, and recovers by itself', async () => {
    await stack('stop', 'postgres');
    try {
      expect(await secondsUntilAllNotReady()).toBeLessThan(5);
      const body = (await (await fetch(`${system.dispatch.baseUrl}/health/ready`)).json()) as HealthBody;
      expect(body.error).toMatchObject({ database: { status: 'down' } });

      const started = Date.now();
      const attempt = await system.signUp(newTenantRequest());
      expect(attempt.status).toBe(500);
      expect(attempt.body).toMatchObject({ statusCode: 500, message: 'internal error' });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await stack('start', 'postgres');
    }
    await allReady();
    const { status, body } = await system.signUp(newTenantRequest());
    expect(status).toBe(201);
    await system.waitForTenantEverywhere(body.id as string, 60_000);
  });
});
