import { EventEnvelope, buildEnvelope, deadLetterTopicName } from '@anpi/contracts';
import { ScratchDatabase, readLocalStackSettings, waitFor } from '@anpi/testing';
import { Consumer, Kafka, KafkaMessage, Producer, logLevel } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { KafkaEventServer, createMessagingTables, ensureTopics } from '../src';

/**
 * The consumer transport against the real broker and a real database: inbox de-duplication,
 * offsets after commit, retry topics, and the dead-letter queue with reasons.
 */
describe('KafkaEventServer (real Kafka, real PostgreSQL)', () => {
  const run = Date.now().toString(36);
  const topic = `test.messaging.${run}`;
  const consumerGroup = `test-messaging-${run}`;
  const kafka = new Kafka({ clientId: 'messaging-int-test', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let producer: Producer;
  let server: KafkaEventServer;
  let dlqReader: Consumer;
  const deadLetters: KafkaMessage[] = [];
  const registry = new Registry();
  const attemptsByEvent = new Map<string, number>();
  /** eventId → how many times its handler must fail before it succeeds (Infinity: always). */
  const failuresWanted = new Map<string, number>();

  beforeAll(async () => {
    database = await ScratchDatabase.create('anpi_test_messaging');
    dataSource = database.dataSource();
    await dataSource.initialize();
    const queryRunner = dataSource.createQueryRunner();
    await createMessagingTables(queryRunner);
    await queryRunner.query('CREATE TABLE applied (event_id uuid PRIMARY KEY, tenant_id uuid NOT NULL)');
    await queryRunner.release();

    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 3 }]);
    await admin.disconnect();

    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    server = new KafkaEventServer(kafka, producer, dataSource, pino({ level: 'silent' }), registry, {
      consumerGroup,
      retryDelaysMs: [300, 600],
      partitionsConsumedConcurrently: 2,
    });
    server.addHandler(
      topic,
      async (event: EventEnvelope, context: { manager: DataSource['manager'] }) => {
        const attempt = (attemptsByEvent.get(event.eventId) ?? 0) + 1;
        attemptsByEvent.set(event.eventId, attempt);
        // The write happens before the failure: a failed attempt must leave nothing behind.
        await context.manager.query('INSERT INTO applied (event_id, tenant_id) VALUES ($1, $2)', [event.eventId, event.tenantId]);
        if (attempt <= (failuresWanted.get(event.eventId) ?? 0)) {
          throw new Error(`handler refused attempt ${attempt}`);
        }
      },
      true,
    );
    await new Promise<void>((resolve) => server.listen(resolve));

    dlqReader = kafka.consumer({ groupId: `${consumerGroup}-dlq-reader` });
    await dlqReader.connect();
    await waitFor(async () => (await listTopics()).includes(deadLetterTopicName(consumerGroup)), { what: 'DLQ topic' });
    await dlqReader.subscribe({ topic: deadLetterTopicName(consumerGroup), fromBeginning: true });
    await dlqReader.run({ eachMessage: async ({ message }) => void deadLetters.push(message) });
  }, 90_000);

  afterAll(async () => {
    await dlqReader?.disconnect();
    await server?.close();
    await producer?.disconnect();
    await dataSource?.destroy();
    await database?.drop();
  });

  async function listTopics() {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await admin.listTopics();
    } finally {
      await admin.disconnect();
    }
  }

  function tenantEvent(): EventEnvelope {
    const tenantId = crypto.randomUUID();
    return buildEnvelope({
      type: 'tenant.created',
      version: 1,
      tenantId,
      payload: {
        tenantId,
        slug: `t-${tenantId.slice(0, 8)}`,
        displayName: 'テスト株式会社',
        defaultLanguage: 'ja',
        timeZone: 'Asia/Tokyo',
        allowPlainHttpAnswerLinks: false,
        owner: { email: 'owner@example.test', displayName: 'Owner' },
      },
    });
  }

  async function publish(value: string | EventEnvelope, key = 'k') {
    await producer.send({ topic, acks: -1, messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }] });
  }

  async function appliedCount(eventId: string): Promise<number> {
    const [row] = await dataSource.query('SELECT count(*)::int AS n FROM applied WHERE event_id = $1', [eventId]);
    return row.n;
  }

  function deadLetterFor(predicate: (message: KafkaMessage) => boolean) {
    return waitFor(() => deadLetters.find(predicate), { timeoutMs: 30_000, what: 'a dead letter' });
  }

  it('applies an event once even when it is delivered twice', async () => {
    const event = tenantEvent();
    await publish(event);
    await publish(event);
    await waitFor(async () => (await appliedCount(event.eventId)) === 1, { what: 'event applied' });
    const marker = tenantEvent();
    await publish(marker); // same key → same partition, after both copies
    await waitFor(async () => (await appliedCount(marker.eventId)) === 1, { what: 'marker applied' });
    expect(attemptsByEvent.get(event.eventId)).toBe(1);
    const [inbox] = await dataSource.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [event.eventId]);
    expect(inbox.n).toBe(1);
  });

  it('retries a failing handler through the retry topics, rolling back each failed attempt', async () => {
    const event = tenantEvent();
    failuresWanted.set(event.eventId, 2);
    await publish(event);
    await waitFor(async () => (await appliedCount(event.eventId)) === 1, { timeoutMs: 30_000, what: 'applied on the third attempt' });
    expect(attemptsByEvent.get(event.eventId)).toBe(3);
  });

  it('parks an event that keeps failing in the DLQ with the reason, and keeps consuming', async () => {
    const poisoned = tenantEvent();
    failuresWanted.set(poisoned.eventId, Infinity);
    await publish(poisoned);
    const letter = await deadLetterFor((message) => message.value?.toString().includes(poisoned.eventId) ?? false);
    expect(letter.headers?.['x-dlq-reason']?.toString()).toBe('handler failed after 3 attempt(s): handler refused attempt 3');
    expect(letter.headers?.['x-original-topic']?.toString()).toBe(topic);
    expect(letter.headers?.['x-attempt']?.toString()).toBe('3');
    expect(await appliedCount(poisoned.eventId)).toBe(0);
    // What the "DLQ not empty" alert reads.
    const deadLettered = await registry.getSingleMetric('anpi_events_dead_lettered_total')!.get();
    expect(deadLettered.values.find((sample) => sample.labels.topic === topic && sample.labels.group === consumerGroup)?.value).toBeGreaterThanOrEqual(1);

    const next = tenantEvent();
    await publish(next);
    await waitFor(async () => (await appliedCount(next.eventId)) === 1, { what: 'the next event applied' });
  });

  it('sends malformed and unknown-version events straight to the DLQ with the reason', async () => {
    const marker = `not-json-${run}`;
    await publish(`{${marker}`);
    const unknownVersion = { ...tenantEvent(), version: 99 };
    await publish(unknownVersion);
    const missingField = tenantEvent() as unknown as Record<string, unknown>;
    delete missingField.occurredAt;
    await publish(JSON.stringify(missingField));

    const malformed = await deadLetterFor((message) => message.value?.toString() === `{${marker}`);
    expect(malformed.headers?.['x-dlq-reason']?.toString()).toBe('malformed: body is not JSON');
    const versioned = await deadLetterFor((message) => message.value?.toString().includes(unknownVersion.eventId) ?? false);
    expect(versioned.headers?.['x-dlq-reason']?.toString()).toBe('unknown version 99 of tenant.created');
    const incomplete = await deadLetterFor((message) => message.value?.toString().includes(String(missingField.eventId)) ?? false);
    expect(incomplete.headers?.['x-dlq-reason']?.toString()).toMatch(/^malformed envelope: occurredAt/);
    expect(attemptsByEvent.has(unknownVersion.eventId)).toBe(false);

    const next = tenantEvent();
    await publish(next);
    await waitFor(async () => (await appliedCount(next.eventId)) === 1, { what: 'consumer still running' });
  });
});
