import { Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource, DataSourceOptions } from 'typeorm';
import { WorkLoop } from '../work-loop';

export interface OutboxRelayOptions {
  serviceName: string;
  batchSize: number;
  idlePollMs: number;
  maxBackoffMs: number;
}

export const defaultOutboxRelayOptions: Omit<OutboxRelayOptions, 'serviceName'> = {
  batchSize: 2_000,
  idlePollMs: 100,
  maxBackoffMs: 5_000,
};

interface OutboxRow {
  id: string;
  topic: string;
  message_key: string;
  event_id: string;
  event_type: string;
  event_version: string;
  envelope: string;
}

/**
 * Moves committed events from the outbox table to Kafka, oldest first.
 *
 * A batch is locked, sent (acks=all, idempotent producer) and deleted in one transaction:
 * if the send fails, the rows stay and are sent again later; if the process dies after the
 * send but before the commit, they are sent twice and the consumers' inbox drops the copy.
 * A transaction-scoped advisory lock lets exactly one relay of a service work at a time,
 * which keeps per-key order across replicas.
 *
 * The relay has its own small connection pool (same settings as the service's), so a burst
 * of requests cannot starve it, and so it can flush on shutdown after the service's pool
 * has been closed by the framework.
 */
export class OutboxRelay {
  private producerConnected = false;
  private readonly loop: WorkLoop;
  private readonly relayed: Counter;
  private readonly failures: Counter;
  private readonly lockKey: string;

  private readonly dataSource: DataSource;

  constructor(
    serviceDataSource: DataSource,
    private readonly producer: Producer,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: OutboxRelayOptions,
  ) {
    this.dataSource = new DataSource({
      ...serviceDataSource.options,
      poolSize: 2,
      applicationName: `${options.serviceName}:outbox-relay`,
    } as DataSourceOptions);
    this.lockKey = `anpi.outbox-relay.${options.serviceName}`;
    this.loop = new WorkLoop(async () => (await this.relayBatch()) > 0, {
      idlePollMs: options.idlePollMs,
      maxBackoffMs: options.maxBackoffMs,
      onFailure: (error, retryInMs) => {
        this.failures.inc();
        this.logger.warn({ err: error, retryInMs }, 'outbox relay batch failed; events stay in the outbox');
      },
    });
    this.relayed = new Counter({ name: 'anpi_outbox_relayed_total', help: 'Events relayed from the outbox to Kafka.', registers: [registry] });
    this.failures = new Counter({ name: 'anpi_outbox_relay_failures_total', help: 'Failed relay batches (retried).', registers: [registry] });
    const dataSourceRef = this.dataSource;
    new Gauge({
      name: 'anpi_outbox_pending_events',
      help: 'Events committed but not yet relayed to Kafka.',
      registers: [registry],
      async collect() {
        if (!dataSourceRef.isInitialized) return;
        try {
          const [row] = await dataSourceRef.query('SELECT count(*)::int AS pending FROM outbox');
          this.set(row.pending);
        } catch {
          // The database being down is reported by readiness; the gauge keeps its last value.
        }
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Stops after the batch in flight; then sends what is left, for up to `drainMs`. */
  async stop(drainMs = 5_000): Promise<void> {
    if (!this.loop.isRunning) return;
    await this.loop.stop();
    const deadline = Date.now() + drainMs;
    while (Date.now() < deadline) {
      try {
        if ((await this.relayBatch()) === 0) break;
      } catch (error) {
        this.logger.warn({ err: error }, 'outbox drain stopped early; the rest is sent after restart');
        break;
      }
    }
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy().catch(() => undefined);
    }
  }

  /** Nudges the loop right after a local commit, so events leave without waiting for a poll. */
  notify(): void {
    this.loop.wake();
  }

  /** One locked batch: returns how many events were relayed (0 when idle or another relay holds the lock). */
  async relayBatch(): Promise<number> {
    if (!this.dataSource.isInitialized) {
      await this.dataSource.initialize();
    }
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.startTransaction();
      const [{ locked }] = await queryRunner.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.lockKey]);
      if (!locked) {
        await queryRunner.rollbackTransaction();
        return 0;
      }
      const rows: OutboxRow[] = await queryRunner.query(
        `SELECT id, topic, message_key, event_id, envelope->>'type' AS event_type, envelope->>'version' AS event_version, envelope::text AS envelope
         FROM outbox ORDER BY id LIMIT $1`,
        [this.options.batchSize],
      );
      if (rows.length === 0) {
        await queryRunner.rollbackTransaction();
        return 0;
      }
      if (!this.producerConnected) {
        await this.producer.connect();
        this.producerConnected = true;
      }
      await this.producer.sendBatch({ acks: -1, topicMessages: groupByTopic(rows) });
      await queryRunner.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      await queryRunner.commitTransaction();
      this.relayed.inc(rows.length);
      return rows.length;
    } catch (error) {
      this.producerConnected = false;
      if (queryRunner.isTransactionActive) {
        await queryRunner.rollbackTransaction().catch(() => undefined);
      }
      throw error;
    } finally {
      await queryRunner.release();
    }
  }
}

function groupByTopic(rows: OutboxRow[]) {
  const byTopic = new Map<string, { key: string; value: string; headers: Record<string, string> }[]>();
  for (const row of rows) {
    const messages = byTopic.get(row.topic) ?? [];
    messages.push({
      key: row.message_key,
      value: row.envelope,
      // Read by PostgreSQL: parsing a 100 KB envelope for three headers cost the relay more than sending it.
      headers: { 'event-type': row.event_type, 'event-version': row.event_version, 'event-id': row.event_id },
    });
    byTopic.set(row.topic, messages);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
