import { deadLetterTopicName } from '@anpi/contracts';
import { ensureAnpiTopics, readLocalStackSettings, statusOfRequestDeclaring, waitFor } from '@anpi/testing';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { RunningSystem, newTenantRequest } from './system';

/**
 * The foundation's smoke test: a sign-up in tenant-service reaches auth, dispatch and
 * response-collection through the real broker, asserted through each service's API.
 */
describe('tenant sign-up across the four services', () => {
  const system = new RunningSystem();

  beforeAll(() => system.start(), 120_000);
  afterAll(async () => {
    const exitCodes = await system.stop();
    // Graceful shutdown on SIGTERM: every service exits cleanly.
    expect(exitCodes).toEqual([0, 0, 0, 0]);
  }, 60_000);

  it('provisions the owner in auth and records the tenant in dispatch and responses', async () => {
    const request = newTenantRequest({ defaultLanguage: 'en', timeZone: 'Europe/London', allowPlainHttpAnswerLinks: true });
    const { status, body } = await system.signUp(request);
    expect(status).toBe(201);
    expect(body).toMatchObject({ slug: request.slug, defaultLanguage: 'en', timeZone: 'Europe/London', allowPlainHttpAnswerLinks: true, status: 'active' });
    const tenantId = body.id as string;

    const { accounts, dispatchView, responsesView } = await system.waitForTenantEverywhere(tenantId);
    expect(accounts).toEqual([expect.objectContaining({ role: 'owner', status: 'pending_activation' })]);
    // No personal data leaves auth-service through this API.
    expect(JSON.stringify(accounts)).not.toContain('@example.test');
    for (const view of [dispatchView, responsesView]) {
      expect(view).toMatchObject({ tenantId, displayName: request.displayName, defaultLanguage: 'en', timeZone: 'Europe/London', allowPlainHttpAnswerLinks: true });
    }
  });

  it('answers a retried sign-up with the first result and refuses the key with another body', async () => {
    const request = newTenantRequest();
    const key = `signup-${crypto.randomUUID()}`;
    const first = await system.signUp(request, key);
    const retry = await system.signUp(request, key);
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
    const misuse = await system.signUp({ ...request, displayName: 'Other' }, key);
    expect(misuse.status).toBe(422);
    const { accounts } = await system.waitForTenantEverywhere(first.body.id as string);
    expect(accounts).toHaveLength(1);
  });

  it('rejects bad sign-ups with 4xx and field paths, creating nothing', async () => {
    const unknownField = await system.signUp({ ...newTenantRequest(), plan: 'free' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.details).toEqual([{ path: '(body)', message: 'Unrecognized key: "plan"', rule: 'unknown-fields', fields: ['plan'] }]);

    const badValues = await system.signUp(newTenantRequest({ slug: 'Bad Slug!', timeZone: 'Mars/Olympus', owner: { email: 'nope', displayName: 'x' } }));
    expect(badValues.status).toBe(400);
    expect((badValues.body.details as { path: string }[]).map((detail) => detail.path).sort()).toEqual(['owner.email', 'slug', 'timeZone']);

    const taken = newTenantRequest();
    expect((await system.signUp(taken)).status).toBe(201);
    const duplicate = await system.signUp({ ...newTenantRequest(), slug: taken.slug });
    expect(duplicate.status).toBe(409);

    const malformed = await fetch(`${system.tenant.baseUrl}/v1/tenants/signup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"slug":' });
    expect(malformed.status).toBe(400);
    // Refused on its declared length (sending the 2 MB races the server's close: see the helper).
    expect(await statusOfRequestDeclaring(`${system.tenant.baseUrl}/v1/tenants/signup`, { headers: { 'content-type': 'application/json' }, contentLength: 2_000_000 })).toBe(413);
  });

  it('keeps /internal routes for callers holding the internal token', async () => {
    const tenantId = crypto.randomUUID();
    for (const headers of [{}, { authorization: 'Bearer wrong-token' }, { authorization: system.internalToken }] as Record<string, string>[]) {
      const response = await fetch(`${system.dispatch.baseUrl}/internal/v1/tenants/${tenantId}`, { headers });
      expect(response.status).toBe(401);
    }
    expect((await system.internalGet(system.dispatch, `/internal/v1/tenants/${tenantId}`)).status).toBe(404);
    expect((await system.internalGet(system.dispatch, '/internal/v1/tenants/not-a-uuid')).status).toBe(400);
  });

  it('serves health and Prometheus metrics on every service', async () => {
    for (const service of system.all) {
      const live = await fetch(`${service.baseUrl}/health/live`);
      expect(live.status).toBe(200);
      const ready = (await (await fetch(`${service.baseUrl}/health/ready`)).json()) as { details: Record<string, unknown> };
      expect(ready.details).toMatchObject({ database: { status: 'up' }, kafka: { status: 'up' }, lifecycle: { status: 'up' } });
      const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect(metrics).toContain(`anpi_http_requests_total{method="GET",route="/health/ready",status_code="200",service="${service.service}"}`);
      expect(metrics).toContain('anpi_http_request_duration_seconds_bucket');
      expect(metrics).toContain('anpi_outbox_pending_events');
      expect(metrics).toContain('process_cpu_seconds_total');
    }
    const consumed = await (await fetch(`${system.dispatch.baseUrl}/metrics`)).text();
    expect(consumed).toMatch(/anpi_events_consumed_total\{topic="tenant.created",outcome="processed",service="alert-dispatch-service"\} [1-9]/);
    expect(consumed).toMatch(/anpi_kafka_consumer_lag\{topic="tenant.created",partition="0",service="alert-dispatch-service"\} \d+/);
  });

  it('dead-letters malformed events with the reason while the services keep consuming', async () => {
    const kafka = new Kafka({ clientId: 'e2e-dlq', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    const reader = kafka.consumer({ groupId: `e2e-dlq-reader-${Date.now()}` });
    const letters: { topic: string; message: KafkaMessage }[] = [];
    await producer.connect();
    await reader.connect();
    const groups = ['auth-service', 'alert-dispatch-service', 'response-collection-service'];
    await ensureAnpiTopics(groups);
    await reader.subscribe({ topics: groups.map(deadLetterTopicName), fromBeginning: false });
    await reader.run({ eachMessage: async ({ topic, message }) => void letters.push({ topic, message }) });
    await waitFor(async () => (await reader.describeGroup()).state === 'Stable', { what: 'DLQ reader joined' });
    try {
      const marker = `garbage-${Date.now()}`;
      await producer.send({ topic: 'tenant.created', messages: [{ key: 'x', value: `{"${marker}"` }] });
      for (const group of groups) {
        const letter = await waitFor(() => letters.find((entry) => entry.topic === deadLetterTopicName(group) && entry.message.value?.toString().includes(marker)), {
          what: `${group} to dead-letter the malformed event`,
        });
        expect(letter.message.headers?.['x-dlq-reason']?.toString()).toBe('malformed: body is not JSON');
        expect(letter.message.headers?.['x-consumer-group']?.toString()).toBe(group);
      }
      const { body } = await system.signUp(newTenantRequest());
      await system.waitForTenantEverywhere(body.id as string);
    } finally {
      await reader.disconnect();
      await producer.disconnect();
    }
  });
});
