import { TOPICS, deadLetterTopicName, retryTopicName } from '@anpi/contracts';

/**
 * k8s/strimzi/topics.yaml, derived from libs/contracts/src/topics.ts so the two cannot drift:
 * one KafkaTopic per contract topic (same partitions) plus each consumer group's retry tiers
 * and dead-letter topic (libs/messaging KafkaEventServer: 6 partitions each).
 * Regenerate: node -r @swc-node/register k8s/strimzi/generate-topics.ts
 */
export const consumerGroups = ['tenant-service', 'auth-service', 'alert-dispatch-service', 'response-collection-service'] as const;
/** libs/messaging MessagingModule default retryDelaysMs: [1 s, 10 s] → two retry tiers. */
export const retryTiers = 2;

const day = 86_400_000;

function kafkaTopic(name: string, partitions: number, retentionMs: number, comment?: string): string {
  return [
    '---',
    ...(comment ? [`# ${comment}`] : []),
    'apiVersion: kafka.strimzi.io/v1beta2',
    'kind: KafkaTopic',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    '    strimzi.io/cluster: anpi-kafka',
    'spec:',
    `  partitions: ${partitions}`,
    '  replicas: 3',
    '  config:',
    '    min.insync.replicas: 2',
    `    retention.ms: ${retentionMs}`,
  ].join('\n');
}

export function topicsManifest(): string {
  const header = [
    '# GENERATED from libs/contracts/src/topics.ts by k8s/strimzi/generate-topics.ts — do not edit.',
    '# Every contract topic (same partition counts) plus each consumer group\'s retry tiers and',
    '# dead-letter topic. Replication 3, min.insync.replicas 2 (with acks=all: one broker may fail).',
  ];
  const contractTopics = Object.values(TOPICS).map((topic) => kafkaTopic(topic.name, topic.partitions, 7 * day, topic.description));
  const retryAndDeadLetter = consumerGroups.flatMap((group) => [
    ...Array.from({ length: retryTiers }, (_, index) => kafkaTopic(retryTopicName(group, index + 1), 6, 7 * day)),
    kafkaTopic(deadLetterTopicName(group), 6, 30 * day, 'Parked events stay 30 days for inspection and replay (docs/runbooks/AnpiDeadLetterQueueNotEmpty.md).'),
  ]);
  return [...header, ...contractTopics, ...retryAndDeadLetter].join('\n') + '\n';
}
