import { EventEnvelope, deadLetterTopicName, retryTopicName, topicSpec, validateEvent } from '@anpi/contracts';
import { runWithRequestContext } from '@anpi/observability';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { isObservable, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { ensureTopics } from '../kafka/topic-provisioner';
import { registerConsumerLagGauge } from './consumer-lag-gauge';
import { isTransientInfrastructureError } from './failure-classification';
import { KafkaEventContext } from './kafka-event-context';

export interface KafkaEventServerOptions {
  consumerGroup: string;
  /** Delay before each retry; attempts = 1 + retryDelaysMs.length, then the DLQ. */
  retryDelaysMs: readonly number[];
  partitionsConsumedConcurrently: number;
}

export const HEADER = {
  originalTopic: 'x-original-topic',
  attempt: 'x-attempt',
  dueAt: 'x-retry-due-at',
  lastError: 'x-last-error',
  reason: 'x-dlq-reason',
  consumerGroup: 'x-consumer-group',
  originalPartition: 'x-original-partition',
  originalOffset: 'x-original-offset',
} as const;

type Outcome = 'processed' | 'duplicate' | 'retry-scheduled' | 'dead-lettered';

/**
 * `@EventPattern(topic, { [INBOX_EXTRA]: false })` opts a handler out of the inbox
 * transaction (see runWithoutInbox). Everything else keeps exactly-once effects.
 */
export const INBOX_EXTRA = 'inbox';

/**
 * The Kafka side of every service, as a NestJS transport: `@EventPattern('<topic>')`
 * handlers run inside a PostgreSQL transaction together with an inbox row (so a redelivered
 * event is applied once), and offsets are committed only after that transaction commits.
 * A failing handler is retried through per-group retry topics with growing delays, then
 * parked in the group's DLQ with the reason in headers; the partition keeps moving.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  /** Its own transport id: Nest then hands it only @EventPattern handlers, never @GrpcMethod ones (those are not topics). */
  override readonly transportId = Symbol('anpi-kafka-events');
  private consumer: Consumer | undefined;
  private starting: Promise<void> | undefined;
  private stopping = false;
  private readonly outcomes: Counter<'topic' | 'outcome'>;
  private readonly deadLettered: Counter<'topic' | 'group'>;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    registry: Registry,
    private readonly options: KafkaEventServerOptions,
  ) {
    super();
    registerConsumerLagGauge(registry, kafka, options.consumerGroup, () => [...this.messageHandlers.keys()]);
    this.outcomes = new Counter({
      name: 'anpi_events_consumed_total',
      help: 'Events consumed, by source topic and outcome (processed, duplicate, retry-scheduled, dead-lettered).',
      labelNames: ['topic', 'outcome'],
      registers: [registry],
    });
    // Separate from the outcomes above so the "DLQ not empty" alert needs no label filter.
    this.deadLettered = new Counter({
      name: 'anpi_events_dead_lettered_total',
      help: 'Events parked in the consumer group dead-letter topic, by source topic and group.',
      labelNames: ['topic', 'group'],
      registers: [registry],
    });
  }

  get retryTopics(): string[] {
    return this.options.retryDelaysMs.map((_, index) => retryTopicName(this.options.consumerGroup, index + 1));
  }

  get deadLetterTopic(): string {
    return deadLetterTopicName(this.options.consumerGroup);
  }

  /**
   * Nest waits for this callback at start-up; the consumer itself connects in the
   * background and keeps trying, so a broker that is down does not stop the service from
   * serving HTTP (readiness reports Kafka down meanwhile).
   */
  listen(callback: () => void): void {
    assertOneHandlerPerTopic(this.messageHandlers);
    callback();
    this.starting = this.connectUntilRunning();
  }

  private async connectUntilRunning(): Promise<void> {
    const topics = [...this.messageHandlers.keys()];
    if (topics.length === 0) return;
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.startConsumer(topics);
        return;
      } catch (error) {
        const delay = Math.min(10_000, 500 * 2 ** Math.min(attempt, 5));
        this.log.warn({ err: error, retryInMs: delay }, 'kafka consumer could not start; retrying');
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = undefined;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async startConsumer(topics: string[]): Promise<void> {
    await this.provisionTopics(topics);
    await this.producer.connect();
    const consumer = this.kafka.consumer({
      groupId: this.options.consumerGroup,
      // A dead pod's partitions move to the others within the session timeout; frequent
      // heartbeats make rebalances (scale-up, restarts) finish in about a second.
      sessionTimeout: 15_000,
      rebalanceTimeout: 20_000,
      heartbeatInterval: 1_000,
      // Short long-polls: shutdown waits for the fetch in flight, and new events show up sooner.
      maxWaitTimeInMs: 500,
      retry: {
        initialRetryTime: 300,
        maxRetryTime: 5_000,
        retries: 8,
        // Never let kafkajs bring a consumer back after we stopped it on purpose.
        restartOnFailure: async () => !this.stopping,
      },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (event) => {
      this.log.error({ err: event.payload.error, restart: event.payload.restart }, 'kafka consumer crashed');
      if (!event.payload.restart && !this.stopping) {
        // kafkajs gave up on this error; start a fresh consumer.
        this.starting = consumer
          .disconnect()
          .catch(() => undefined)
          .then(() => this.connectUntilRunning());
      }
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics, ...this.retryTopics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  async close(): Promise<void> {
    this.stopping = true;
    const started = Date.now();
    // A consumer still joining would otherwise appear after we "closed" it. A start attempt
    // that is only waiting to retry is not worth waiting for.
    await Promise.race([this.starting, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
    // disconnect() lets the batch in flight finish, then leaves the group.
    await this.consumer?.disconnect();
    this.log.info({ tookMs: Date.now() - started }, 'kafka consumer stopped');
  }

  on(): never {
    throw new Error('KafkaEventServer does not expose transport events; use metrics and logs');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async provisionTopics(topics: string[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [
        ...topics.map((name) => ({ name, partitions: topicSpec(name)?.partitions ?? 6 })),
        ...[...this.retryTopics, this.deadLetterTopic].map((name) => ({ name, partitions: 6 })),
      ]);
    } finally {
      await admin.disconnect();
    }
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) {
    const commit = async (offset: string) => {
      resolveOffset(offset);
      await this.consumer!.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() }]);
    };
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) break;
      const retryTier = this.retryTopics.indexOf(batch.topic);
      if (retryTier >= 0) {
        const waited = await this.waitUntilDue(message.headers, heartbeat, isRunning);
        if (!waited) break;
      }
      const outcome = await this.handleMessage(batch.topic, batch.partition, message);
      this.outcomes.inc({ topic: originalTopicOf(batch.topic, message.headers), outcome });
      await commit(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary();
  }

  private async handleMessage(topic: string, partition: number, message: KafkaMessage): Promise<Outcome> {
    const sourceTopic = originalTopicOf(topic, message.headers);
    const attempt = Number(headerValue(message.headers, HEADER.attempt) ?? '1');
    const validation = validateEvent(message.value ?? Buffer.alloc(0));
    if (!validation.ok) {
      this.log.warn({ topic: sourceTopic, partition, offset: message.offset, reason: validation.reason }, 'rejected event sent to the DLQ');
      await this.deadLetter(sourceTopic, partition, message, validation.reason, attempt);
      return 'dead-lettered';
    }
    const event = validation.event;
    const handler = this.getHandlerByPattern(sourceTopic);
    if (!handler) {
      await this.deadLetter(sourceTopic, partition, message, `no handler for topic ${sourceTopic}`, attempt);
      return 'dead-lettered';
    }
    try {
      return await runWithRequestContext({ requestId: event.eventId, tenantId: event.tenantId }, () =>
        handler.extras?.[INBOX_EXTRA] === false
          ? this.runWithoutInbox(handler, event, sourceTopic, partition, message, attempt)
          : this.runInInboxTransaction(handler, event, sourceTopic, partition, message, attempt),
      );
    } catch (error) {
      if (isTransientInfrastructureError(error)) {
        // Leave the offset where it is: the batch is read again when the dependency is back.
        throw error;
      }
      return this.scheduleRetryOrDeadLetter(sourceTopic, partition, message, event, attempt, error);
    }
  }

  /** The default: the handler's writes and the inbox row commit together, once per event. */
  private runInInboxTransaction(handler: MessageHandler, event: EventEnvelope, topic: string, partition: number, message: KafkaMessage, attempt: number): Promise<Outcome> {
    return this.dataSource.transaction(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO inbox (consumer_group, event_id, topic) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.options.consumerGroup, event.eventId, topic],
      );
      if (inserted.length === 0) {
        return 'duplicate' as const;
      }
      await manager.query('SELECT set_config($1, $2, true)', ['app.tenant_id', event.tenantId]);
      await this.invoke(handler, event, new KafkaEventContext([{ manager, topic, partition, offset: message.offset, attempt, event }]));
      return 'processed' as const;
    });
  }

  /**
   * For handlers that talk to the outside world (sending messages) and must not hold a
   * transaction meanwhile: they keep their own idempotency (e.g. claiming rows by state).
   */
  private async runWithoutInbox(handler: MessageHandler, event: EventEnvelope, topic: string, partition: number, message: KafkaMessage, attempt: number): Promise<Outcome> {
    await this.invoke(handler, event, new KafkaEventContext([{ manager: this.dataSource.manager, topic, partition, offset: message.offset, attempt, event }]));
    return 'processed';
  }

  private async invoke(handler: MessageHandler, event: EventEnvelope, context: KafkaEventContext): Promise<void> {
    const result = await handler(event, context);
    if (isObservable(result)) {
      await lastValueFrom(result, { defaultValue: undefined });
    }
  }

  private async scheduleRetryOrDeadLetter(
    sourceTopic: string,
    partition: number,
    message: KafkaMessage,
    event: EventEnvelope,
    attempt: number,
    error: unknown,
  ): Promise<Outcome> {
    const reason = error instanceof Error ? error.message : String(error);
    const delay = this.options.retryDelaysMs[attempt - 1];
    if (delay === undefined) {
      this.log.error({ err: error, topic: sourceTopic, eventId: event.eventId, attempt }, 'event failed on its last attempt; sent to the DLQ');
      await this.deadLetter(sourceTopic, partition, message, `handler failed after ${attempt} attempt(s): ${reason}`, attempt);
      return 'dead-lettered';
    }
    this.log.warn({ err: error, topic: sourceTopic, eventId: event.eventId, attempt, retryInMs: delay }, 'event handler failed; retry scheduled');
    await this.producer.send({
      topic: retryTopicName(this.options.consumerGroup, attempt),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...passThroughHeaders(message.headers),
            [HEADER.originalTopic]: sourceTopic,
            [HEADER.attempt]: String(attempt + 1),
            [HEADER.dueAt]: String(Date.now() + delay),
            [HEADER.lastError]: truncate(reason),
          },
        },
      ],
    });
    return 'retry-scheduled';
  }

  private async deadLetter(sourceTopic: string, partition: number, message: KafkaMessage, reason: string, attempts: number): Promise<void> {
    await this.producer.send({
      topic: this.deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...passThroughHeaders(message.headers),
            [HEADER.originalTopic]: sourceTopic,
            [HEADER.originalPartition]: String(partition),
            [HEADER.originalOffset]: message.offset,
            [HEADER.consumerGroup]: this.options.consumerGroup,
            [HEADER.attempt]: String(attempts),
            [HEADER.reason]: truncate(reason),
          },
        },
      ],
    });
    this.deadLettered.inc({ topic: sourceTopic, group: this.options.consumerGroup });
  }

  /** Retry topics hold messages in due order, so waiting on the head is enough. */
  private async waitUntilDue(headers: IHeaders | undefined, heartbeat: () => Promise<void>, isRunning: () => boolean): Promise<boolean> {
    const dueAt = Number(headerValue(headers, HEADER.dueAt) ?? 0);
    while (Date.now() < dueAt) {
      if (!isRunning() || this.stopping) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, dueAt - Date.now())));
      await heartbeat();
    }
    return true;
  }
}

function headerValue(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value[0] : value)?.toString();
}

function originalTopicOf(topic: string, headers: IHeaders | undefined): string {
  return headerValue(headers, HEADER.originalTopic) ?? topic;
}

const internalHeaders = new Set<string>(Object.values(HEADER));

function passThroughHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !internalHeaders.has(name)));
}

function truncate(text: string): string {
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

/**
 * Nest chains a second @EventPattern for the same topic behind the first (`handler.next`),
 * but events here run through one inbox transaction per handler: only the first would ever
 * run. A second handler is a programming error, so the service refuses to start.
 */
export function assertOneHandlerPerTopic(handlers: ReadonlyMap<string, { next?: unknown }>): void {
  const repeated = [...handlers].filter(([, handler]) => handler.next !== undefined && handler.next !== null).map(([topic]) => topic);
  if (repeated.length > 0) {
    throw new Error(`more than one @EventPattern handler for topic(s) ${repeated.join(', ')}: handle each topic in one place`);
  }
}
