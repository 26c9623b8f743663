import { TOPICS, deadLetterTopicName } from '@anpi/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { readLocalStackSettings } from './local-stack';
import { waitFor } from './wait-for';

/**
 * Creates every contract topic (and the given consumer groups' DLQs) as the services would
 * (same names and partition counts; the services' own `ensureTopics` also grows partitions).
 * Tests that produce or subscribe before a service has started call this first: on a fresh
 * broker the topics do not exist yet, and topic auto-creation is off on purpose.
 */
export async function ensureAnpiTopics(consumerGroups: readonly string[] = []): Promise<void> {
  const kafka = new Kafka({ clientId: 'anpi-tests', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = [
      ...Object.values(TOPICS).map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor: 1 })),
      ...consumerGroups.map((group) => ({ topic: deadLetterTopicName(group), numPartitions: 6, replicationFactor: 1 })),
    ];
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((topic) => !existing.has(topic.topic));
    // A service starting at the same moment may create some first: that is fine, but then
    // createTopics fails before its own wait for leaders, so the wait is done here for all.
    if (missing.length > 0) await admin.createTopics({ waitForLeaders: true, topics: missing }).catch(() => undefined);
    // Metadata names a leader a moment before that leader answers for its partition: on a
    // fresh broker, reading offsets right after still fails with "not the leader". Ready means
    // every partition's offsets can be read (waitFor retries on the error).
    await waitFor(
      async () => {
        const { topics } = await admin.fetchTopicMetadata({ topics: wanted.map((topic) => topic.topic) });
        const led = topics.every((topic) => topic.partitions.length > 0 && topic.partitions.every((partition) => partition.partitionErrorCode === 0 && partition.leader >= 0));
        if (!led) return false;
        await Promise.all(wanted.map((topic) => admin.fetchTopicOffsets(topic.topic)));
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'every partition of the Anpi topics to answer for its offsets' },
    );
  } finally {
    await admin.disconnect();
  }
}
