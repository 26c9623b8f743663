import { Kafka } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';

/**
 * `anpi_kafka_consumer_lag{topic,partition}`: messages not yet processed by this service's
 * consumer group — what the dispatch autoscaler and the on-call dashboards read. Measured on
 * scrape (committed offsets vs. log end), so it is right whichever pod answers.
 */
export function registerConsumerLagGauge(registry: Registry, kafka: Kafka, consumerGroup: string, topics: () => string[]): Gauge {
  return new Gauge({
    name: 'anpi_kafka_consumer_lag',
    help: 'Messages in a partition not yet processed by this consumer group.',
    labelNames: ['topic', 'partition'],
    registers: [registry],
    async collect() {
      const subscribed = topics();
      if (subscribed.length === 0) return;
      const admin = kafka.admin({ retry: { retries: 0 } });
      try {
        await admin.connect();
        const committed = await admin.fetchOffsets({ groupId: consumerGroup, topics: subscribed });
        for (const { topic, partitions } of committed) {
          const ends = await admin.fetchTopicOffsets(topic);
          for (const end of ends) {
            const done = partitions.find((partition) => partition.partition === end.partition)?.offset ?? '-1';
            // -1: nothing committed yet, so everything from the start of the log is pending.
            const processed = BigInt(done) < 0n ? BigInt(end.low) : BigInt(done);
            this.set({ topic, partition: String(end.partition) }, Number(BigInt(end.high) - processed));
          }
        }
      } catch {
        // Kafka unreachable: readiness says so; the gauge keeps its last values.
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },
  });
}
