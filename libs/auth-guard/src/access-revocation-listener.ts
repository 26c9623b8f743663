import { AccessRevokedV1, TOPICS, validateEvent } from '@anpi/contracts';
import { ensureTopics } from '@anpi/messaging';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Consumer, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AccessRevocations, REVOCATION_MEMORY_MS } from './access-revocations';

const RECONNECT_DELAY_MS = 5_000;

/**
 * Feeds AccessRevocations from `auth.access-revoked`. Every process must see every
 * revocation, so each one reads all partitions under a consumer group of its own (a shared
 * group would split them between replicas), starting from the offsets of ~16 minutes ago:
 * a pod that just started knows every revocation that can still matter. Nothing is
 * committed — the position is recomputed from time on each start.
 */
export class AccessRevocationListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AccessRevocationListener.name);
  private consumer: Consumer | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly revocations: AccessRevocations,
    private readonly lookBackMs: number = REVOCATION_MEMORY_MS,
  ) {}

  onApplicationBootstrap(): void {
    this.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Connects in the background and keeps retrying: a service serves while Kafka is away. */
  start(): void {
    this.pruneTimer = setInterval(() => this.revocations.forgetExpired(), 60_000);
    this.pruneTimer.unref();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pruneTimer);
    await this.consumer?.disconnect().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const topic = TOPICS.accessRevoked.name;
    try {
      const startOffsets = await this.offsetsSince(Date.now() - this.lookBackMs);
      this.consumer = this.kafka.consumer({ groupId: `anpi-access-revocations.${hostname()}.${randomUUID()}`, sessionTimeout: 30_000 });
      this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) this.scheduleReconnect(payload.error);
      });
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: [topic], fromBeginning: false });
      await this.consumer.run({ autoCommit: false, eachMessage: async ({ message }) => this.apply(message.value) });
      // Applied when the partitions are assigned, before their first fetch.
      startOffsets.forEach(({ partition, offset }) => this.consumer!.seek({ topic, partition, offset }));
    } catch (error) {
      this.scheduleReconnect(error);
    }
  }

  private async offsetsSince(timestamp: number) {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [TOPICS.accessRevoked]);
      return await admin.fetchTopicOffsetsByTimestamp(TOPICS.accessRevoked.name, timestamp);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private scheduleReconnect(error: unknown): void {
    if (this.stopped) return;
    this.logger.warn(`access revocation feed unavailable, retrying in ${RECONNECT_DELAY_MS} ms: ${error instanceof Error ? error.message : String(error)}`);
    const failed = this.consumer;
    this.consumer = undefined;
    this.retryTimer = setTimeout(() => {
      void failed?.disconnect().catch(() => undefined);
      void this.connect();
    }, RECONNECT_DELAY_MS);
  }

  /** An unreadable message is skipped: it cannot revoke anything, and must not stop the feed. */
  private apply(value: Buffer | null): void {
    const result = validateEvent(value);
    if (!result.ok || result.event.type !== 'auth.access-revoked') {
      this.logger.warn(`ignoring a message on ${TOPICS.accessRevoked.name}: ${result.ok ? result.event.type : result.reason}`);
      return;
    }
    const revocation = result.event.payload as AccessRevokedV1;
    this.revocations.revoke(revocation.accountId, new Date(revocation.validAfter));
  }
}
