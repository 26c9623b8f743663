import { TOPICS } from '@anpi/contracts';
import { LocalServiceName, localServiceEnvironment, readLocalStackSettings, repositoryRoot } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** HAProxy's read-write port in front of the Patroni pair (scripts/ha-stack). */
export const readWritePort = 5440;

/** Drives scripts/ha-stack (`up`, `down`, `kill-primary node`, …) and returns what it printed. */
export async function haStack(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [resolve(repositoryRoot, 'scripts/ha-stack'), ...args], { timeout: 300_000, maxBuffer: 10_000_000 });
  return stdout;
}

/** Runs scripts/restore-drill with the given arguments. */
export async function restoreDrill(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [resolve(repositoryRoot, 'scripts/restore-drill'), ...args], { timeout: 300_000, maxBuffer: 10_000_000 });
  return stdout;
}

/** A service's environment with its database reached through the HA read-write endpoint. */
export function onHaCluster(overrides: Record<string, string> = {}): Record<string, string> {
  return { PGPORT: String(readWritePort), ...overrides };
}

/** Applies a service's migrations on the HA cluster (as `scripts/local-services.js migrate` does locally). */
export async function migrateOnHaCluster(service: LocalServiceName): Promise<void> {
  await run(process.execPath, [resolve(repositoryRoot, `apps/${service}/dist/migrate.js`)], {
    env: { PATH: process.env.PATH ?? '', ...localServiceEnvironment(service, onHaCluster()) },
    timeout: 120_000,
  });
}

/** A superuser connection to one of the cluster's databases through the read-write port. */
export async function connectAsSuperuser(database: string): Promise<Client> {
  const client = new Client({ host: '127.0.0.1', port: readWritePort, user: 'postgres', database, connectionTimeoutMillis: 3_000 });
  // A failover cuts idle connections too: the next query reports it; the event must not crash the run.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * The consumer group a service under test uses on the shared broker: its own, so that
 * processes of other tests (same service, default group) neither take its events nor lose
 * theirs to it.
 */
export const haConsumerGroup = (service: LocalServiceName): string => `ha-e2e.${service}`;

/**
 * Moves a group to the end of every contract topic before its service starts: the group is
 * new (or was idle), and the history of the shared broker — other tests' events — is not
 * this test's to replay (a service's group reads from the beginning when it has no offsets).
 */
export async function startGroupAtLatestOffsets(groupId: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'ha-e2e', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const topics = Object.values(TOPICS).map((topic) => topic.name);
  const admin = kafka.admin();
  await admin.connect();
  const ends = await Promise.all(topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) }))).finally(() => admin.disconnect());
  // One member joins once and commits the end of every partition (admin.setOffsets would join once per topic).
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: false });
    const joined = new Promise((resolveJoin) => consumer.on(consumer.events.GROUP_JOIN, resolveJoin));
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
    await joined;
    await consumer.commitOffsets(ends.flatMap(({ topic, partitions }) => partitions.map(({ partition, high }) => ({ topic, partition, offset: high }))));
  } finally {
    await consumer.disconnect();
  }
}

export const secondsBetween = (from: number, to: number): number => Math.round((to - from) / 100) / 10;
