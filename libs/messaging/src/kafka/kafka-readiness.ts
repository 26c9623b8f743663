import type { ReadinessCheck } from '@anpi/observability';
import { Admin, Kafka } from 'kafkajs';

/**
 * Asks the broker for cluster metadata on a dedicated admin connection with no client-side
 * retries, so a dead broker shows up within one probe instead of after minutes of back-off.
 */
export class KafkaReadinessCheck implements ReadinessCheck {
  readonly name = 'kafka';
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  async probe(): Promise<void> {
    this.admin ??= this.kafka.admin({ retry: { retries: 0 } });
    try {
      await this.admin.connect();
      const cluster = await this.admin.describeCluster();
      if (cluster.brokers.length === 0) {
        throw new Error('no brokers in cluster metadata');
      }
    } catch (error) {
      const stale = this.admin;
      this.admin = undefined;
      await stale?.disconnect().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
