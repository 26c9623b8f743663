import { ScratchDatabase, readLocalStackSettings, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { OutboxRelay, appendToOutbox, createMessagingTables, defaultOutboxRelayOptions, ensureTopics } from '../src';

/** The outbox against the real database and broker: atomic with the state change, ordered, drained. */
describe('transactional outbox (real Kafka, real PostgreSQL)', () => {
  const run = Date.now().toString(36);
  const topic = `test.outbox.${run}`;
  const kafka = new Kafka({ clientId: 'outbox-int-test', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  let database: ScratchDatabase;
  let dataSource: DataSource;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let relay: OutboxRelay;

  beforeAll(async () => {
    database = await ScratchDatabase.create('anpi_test_outbox');
    dataSource = database.dataSource();
    await dataSource.initialize();
    const queryRunner = dataSource.createQueryRunner();
    await createMessagingTables(queryRunner);
    await queryRunner.release();
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 3 }]);
    await admin.disconnect();
    relay = new OutboxRelay(dataSource, producer, pino({ level: 'silent' }), new Registry(), { ...defaultOutboxRelayOptions, serviceName: `test-${run}` });
  }, 60_000);

  afterAll(async () => {
    await relay.stop(1_000);
    await producer.disconnect();
    await dataSource.destroy();
    await database.drop();
  });

  const tenantCreated = (tenantId: string) => ({
    type: 'tenant.created' as const,
    version: 1,
    tenantId,
    payload: {
      tenantId,
      slug: 'acme',
      displayName: 'Acme',
      defaultLanguage: 'en',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: 'o@example.test', displayName: 'O' },
    },
  });

  it('writes events only when the surrounding transaction commits', async () => {
    const committed = crypto.randomUUID();
    const rolledBack = crypto.randomUUID();
    await dataSource.transaction((manager) => appendToOutbox(manager, [tenantCreated(committed)]));
    await expect(
      dataSource.transaction(async (manager) => {
        await appendToOutbox(manager, [tenantCreated(rolledBack)]);
        throw new Error('state change failed');
      }),
    ).rejects.toThrow('state change failed');
    const rows = await dataSource.query('SELECT message_key, topic FROM outbox WHERE message_key = ANY($1)', [[committed, rolledBack]]);
    expect(rows).toEqual([{ message_key: committed, topic: 'tenant.created' }]);
    await dataSource.query('DELETE FROM outbox');
  });

  it('refuses to store an event that consumers would reject', async () => {
    const invalid = { ...tenantCreated(crypto.randomUUID()), payload: { tenantId: 'nope' } };
    await expect(dataSource.transaction((manager) => appendToOutbox(manager, [invalid]))).rejects.toThrow(/refusing to publish an invalid event/);
  });

  it('relays every committed event to Kafka in order per key, with its type, version and id as headers, and empties the outbox', async () => {
    const keys = ['tenant-a', 'tenant-b', 'tenant-c'];
    const total = 3_000;
    await dataSource.query(
      `INSERT INTO outbox (event_id, topic, message_key, envelope)
       SELECT id, $1, ($2::text[])[1 + n % 3], jsonb_build_object('type', 'tenant.created', 'version', 1, 'eventId', id, 'seq', n)
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $3) AS n) AS events`,
      [topic, keys, total],
    );
    const received = new Map<string, number[]>();
    const reader = kafka.consumer({ groupId: `outbox-reader-${run}` });
    await reader.connect();
    await reader.subscribe({ topic, fromBeginning: true });
    let count = 0;
    let wrongHeaders = 0;
    await reader.run({
      eachMessage: async ({ message }) => {
        const envelope = JSON.parse(message.value!.toString()) as { seq: number; eventId: string };
        const sequence = envelope.seq;
        const header = (name: string) => message.headers?.[name]?.toString();
        if (header('event-type') !== 'tenant.created' || header('event-version') !== '1' || header('event-id') !== envelope.eventId) wrongHeaders++;
        const key = message.key!.toString();
        received.set(key, [...(received.get(key) ?? []), sequence]);
        count++;
      },
    });
    relay.start();
    await waitFor(() => count >= total, { timeoutMs: 60_000, what: `${total} events on the topic` });
    await reader.disconnect();
    expect(count).toBe(total);
    expect(wrongHeaders).toBe(0);
    for (const sequences of received.values()) {
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    }
    const [{ left }] = await dataSource.query('SELECT count(*)::int AS left FROM outbox');
    expect(left).toBe(0);
  });
});
