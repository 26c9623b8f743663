import { topicsOwnedBy, TopicSpec } from '@anpi/contracts';
import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Kafka, Partitioners, Producer } from 'kafkajs';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { KafkaEventServer } from './consumer/kafka-event-server';
import { createKafkaClient } from './kafka/kafka-client';
import { KafkaReadinessCheck } from './kafka/kafka-readiness';
import { ensureTopics } from './kafka/topic-provisioner';
import { OutboxRelay, defaultOutboxRelayOptions } from './outbox/outbox-relay';

export interface MessagingOptions {
  serviceName: TopicSpec['owner'];
  brokers: readonly string[];
  consumerGroup: string;
  retryDelaysMs?: readonly number[];
  partitionsConsumedConcurrently?: number;
  outboxBatchSize?: number;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const KAFKA = Symbol('KAFKA');
export const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/**
 * Connects the producer, creates this service's topics, and runs the outbox relay for the
 * life of the application; on shutdown the relay flushes before the producer disconnects.
 * Start-up does not wait for Kafka: the service serves (and readiness says "kafka down")
 * while the broker is away, and the relay catches up when it returns.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private provisioned = false;
  private provisionTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
    private readonly readiness: KafkaReadinessCheck,
    private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.provisionTopics();
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    const started = Date.now();
    clearTimeout(this.provisionTimer);
    await this.relay.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.readiness.close();
    this.logger.info({ tookMs: Date.now() - started }, 'outbox flushed and Kafka connections closed');
  }

  private async provisionTopics(): Promise<void> {
    if (this.provisioned) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      await ensureTopics(admin, topicsOwnedBy(this.options.serviceName));
      this.provisioned = true;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not create topics yet; retrying in 5 s');
      this.provisionTimer = setTimeout(() => void this.provisionTopics(), 5_000);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: KAFKA,
          inject: [PinoLogger],
          useFactory: (logger: PinoLogger) =>
            createKafkaClient({ clientId: options.serviceName, brokers: options.brokers, logger: logger.logger as Logger }),
        },
        {
          provide: KAFKA_PRODUCER,
          inject: [KAFKA],
          // Idempotent: a retried send after a lost ack does not duplicate within a session.
          useFactory: (kafka: Kafka) =>
            kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, KAFKA_PRODUCER, PinoLogger, METRICS_REGISTRY],
          useFactory: (dataSource: DataSource, producer: Producer, logger: PinoLogger, registry: Registry) =>
            new OutboxRelay(dataSource, producer, (logger.logger as Logger).child({ component: 'outbox-relay' }), registry, {
              ...defaultOutboxRelayOptions,
              serviceName: options.serviceName,
              batchSize: options.outboxBatchSize ?? defaultOutboxRelayOptions.batchSize,
            }),
        },
        {
          provide: KafkaEventServer,
          inject: [KAFKA, KAFKA_PRODUCER, DataSource, PinoLogger, METRICS_REGISTRY],
          useFactory: (kafka: Kafka, producer: Producer, dataSource: DataSource, logger: PinoLogger, registry: Registry) =>
            new KafkaEventServer(kafka, producer, dataSource, (logger.logger as Logger).child({ component: 'kafka-consumer' }), registry, {
              consumerGroup: options.consumerGroup,
              retryDelaysMs: options.retryDelaysMs ?? [1_000, 10_000],
              partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
            }),
        },
        { provide: KafkaReadinessCheck, inject: [KAFKA], useFactory: (kafka: Kafka) => new KafkaReadinessCheck(kafka) },
        MessagingLifecycle,
      ],
      exports: [KAFKA, KAFKA_PRODUCER, OutboxRelay, KafkaEventServer, KafkaReadinessCheck],
    };
  }
}
