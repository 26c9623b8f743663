import { TOPICS } from '@anpi/contracts';
import { readLocalStackSettings, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { createServer } from 'node:net';

/**
 * Moves a new consumer group to the end of every contract topic before its service starts: a
 * group without offsets reads from the beginning, and the shared broker's history (other tests'
 * disaster.event, tenant.created, employee.upserted …) is not this test's to replay.
 */
export async function startGroupAtLatestOffsets(groupId: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'disaster-e2e', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const topics = Object.values(TOPICS).map((topic) => topic.name);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))).finally(() => admin.disconnect());
  // One member joins once and commits the end of every partition (admin.setOffsets would join once per topic).
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise((resolveJoin) => consumer.on(consumer.events.GROUP_JOIN, resolveJoin));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends.flatMap(({ topic, partitions }) => partitions.map(({ partition, high }) => ({ topic, partition, offset: high }))));
  } finally {
    await consumer.disconnect();
  }
}

/** A loopback port nothing listens on right now (the service under test gets it next). */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  return port;
}

/**
 * Resolves once the group has a member with its partitions assigned: a service reports ready
 * before its consumer has joined, and an event published earlier would wait for the rebalance.
 */
export async function waitForGroupToSettle(groupId: string, timeoutMs = 60_000): Promise<void> {
  const kafka = new Kafka({ clientId: 'disaster-e2e', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const { groups } = await admin.describeGroups([groupId]);
        return groups[0]?.state === 'Stable' && groups[0].members.length > 0;
      },
      { timeoutMs, intervalMs: 250, what: `consumer group ${groupId} settled` },
    );
  } finally {
    await admin.disconnect();
  }
}
