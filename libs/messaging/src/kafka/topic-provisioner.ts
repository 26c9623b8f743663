import { Admin } from 'kafkajs';

export interface TopicToEnsure {
  name: string;
  partitions: number;
}

/**
 * Creates missing topics and grows partition counts that are too small. Idempotent: every
 * replica runs it at start-up. It never shrinks (Kafka cannot) and never deletes.
 */
export async function ensureTopics(admin: Admin, topics: readonly TopicToEnsure[], replicationFactor = 1): Promise<void> {
  // Several services create shared topics at the same moment; the loser of that race sees
  // "already exists" or a metadata gap for a moment. Both settle within a few tries.
  for (let attempt = 1; ; attempt++) {
    try {
      return await ensureTopicsOnce(admin, topics, replicationFactor);
    } catch (error) {
      const type = (error as { type?: string }).type;
      if (attempt >= 5 || !['TOPIC_ALREADY_EXISTS', 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE'].includes(type ?? '')) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function ensureTopicsOnce(admin: Admin, topics: readonly TopicToEnsure[], replicationFactor: number): Promise<void> {
  if (topics.length === 0) {
    return;
  }
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic.name));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor })),
    });
  }
  const present = topics.filter((topic) => existing.has(topic.name));
  if (present.length === 0) {
    return;
  }
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((topic) => topic.name) });
  const toGrow = present.filter((wanted) => {
    const found = metadata.topics.find((topic) => topic.name === wanted.name);
    return found !== undefined && found.partitions.length < wanted.partitions;
  });
  if (toGrow.length > 0) {
    await admin.createPartitions({ topicPartitions: toGrow.map((topic) => ({ topic: topic.name, count: topic.partitions })) });
  }
}
