/**
 * Every Kafka topic Anpi owns. Services create the topics they produce to at start-up
 * with these partition counts; docs/events.md describes each one.
 * Partition counts bound consumer parallelism: dispatch topics are sized for the HPA.
 */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** Who writes it; only the owner creates it. */
  owner: 'tenant-service' | 'auth-service' | 'alert-dispatch-service' | 'response-collection-service';
  description: string;
}

export const TOPICS = {
  tenantCreated: {
    name: 'tenant.created',
    partitions: 6,
    owner: 'tenant-service',
    description: 'A company signed up. Auth provisions the owner; dispatch and responses record the tenant.',
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

/** Retry and dead-letter topics are per consumer group, so a retry reaches only the group that failed. */
export function retryTopicName(consumerGroup: string, tier: number): string {
  return `${consumerGroup}.retry.${tier}`;
}

export function deadLetterTopicName(consumerGroup: string): string {
  return `${consumerGroup}.dlq`;
}

const topicsByName = new Map<string, TopicSpec>(Object.values(TOPICS).map((topic) => [topic.name, topic]));

export function topicSpec(name: string): TopicSpec | undefined {
  return topicsByName.get(name);
}

export function topicsOwnedBy(owner: TopicSpec['owner']): TopicSpec[] {
  return [...topicsByName.values()].filter((topic) => topic.owner === owner);
}
