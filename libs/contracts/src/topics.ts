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
  alertCreated: {
    name: 'alert.created',
    partitions: 12,
    owner: 'alert-dispatch-service',
    description: 'A safety check was created; its fan-out starts. Response-collection learns its questions.',
  },
  deliveriesRequested: {
    name: 'deliveries.requested',
    partitions: 24,
    owner: 'alert-dispatch-service',
    description: 'A page of persisted deliveries to send; the dispatch pods share the partitions (HPA cap).',
  },
  answerLinksIssued: {
    name: 'answer-links.issued',
    partitions: 12,
    owner: 'alert-dispatch-service',
    description: 'Hashes of issued answer tokens, for response-collection to accept the links.',
  },
  alertClosed: {
    name: 'alert.closed',
    partitions: 6,
    owner: 'alert-dispatch-service',
    description: 'A safety check closed (by its crisis team, at its closing time, or withdrawn with a JMA report): answers stop, queued messages were cancelled.',
  },
  alertProgress: {
    name: 'alert.progress',
    partitions: 6,
    owner: 'alert-dispatch-service',
    description: 'Per-channel progress of an alert while it is sending (counts only, rate-bounded per alert).',
  },
  deliveryOutcomes: {
    name: 'delivery.outcomes',
    partitions: 12,
    owner: 'alert-dispatch-service',
    description: 'How each recorded chunk of deliveries went, channel by channel (ids and outcome kinds only), for the non-responders view.',
  },
  responseReceived: {
    name: 'response.received',
    partitions: 12,
    owner: 'response-collection-service',
    description: 'A recipient answered; dispatch stops re-sending, aggregates update.',
  },
  tenantCreated: {
    name: 'tenant.created',
    partitions: 6,
    owner: 'tenant-service',
    description: 'A company signed up. Auth provisions the owner; dispatch and responses record the tenant.',
  },
  tenantSettingsChanged: {
    name: 'tenant.settings-changed',
    partitions: 6,
    owner: 'tenant-service',
    description: "An owner changed the company's settings (name, language, time zone, plain-http answer links). Every service's tenant projection applies the newest.",
  },
  tenantStatusChanged: {
    name: 'tenant.status-changed',
    partitions: 6,
    owner: 'tenant-service',
    description: 'A platform operator suspended or resumed a tenant. Auth refuses sign-ins of a suspended tenant.',
  },
  tenantNoticePosted: {
    name: 'tenant.notice-posted',
    partitions: 6,
    owner: 'tenant-service',
    description: "A platform operator's notice (incident, maintenance), one event per tenant. Auth e-mails the owners and admins.",
  },
  employeeUpserted: {
    name: 'employee.upserted',
    partitions: 12,
    owner: 'tenant-service',
    description: 'An employee was created or changed (contacts sealed). Dispatch keeps its recipient projection.',
  },
  employeeRemoved: {
    name: 'employee.removed',
    partitions: 12,
    owner: 'tenant-service',
    description: 'An employee was deleted or purged after off-boarding. Dispatch drops the recipient.',
  },
  departmentChanged: {
    name: 'department.changed',
    partitions: 12,
    owner: 'tenant-service',
    description: 'A department was created, renamed, moved or deleted (with its path from the root).',
  },
  disasterEvent: {
    name: 'disaster.event',
    partitions: 3,
    owner: 'alert-dispatch-service',
    description: 'A JMA disaster report (earthquake intensity, tsunami) was accepted; the per-tenant disaster rules evaluate it.',
  },
  disasterCancellationNotice: {
    name: 'disaster.cancellation-notice',
    partitions: 3,
    owner: 'alert-dispatch-service',
    description: "JMA withdrew (取消) a report that triggered a tenant's alerts: unsent ones were closed; tells the crisis team.",
  },
  accessRevoked: {
    name: 'auth.access-revoked',
    partitions: 3,
    owner: 'auth-service',
    description: "An account's access tokens issued before a moment are void. Every replica of every service reads it from ~15 min back.",
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
