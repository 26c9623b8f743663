import { TOPICS, deadLetterTopicName, retryTopicName } from '@anpi/contracts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from '@anpi/testing';
import { KubeObject, chartPath, objectsOfKind, parseObjects, runTool } from '../../charts/test/support/k8s-tools';
import { schemaProblems } from '../../charts/test/support/schema-validation';
import { consumerGroups, retryTiers, topicsManifest } from '../strimzi/topics-manifest';

/**
 * k8s/: PostgreSQL (CloudNativePG), Kafka (Strimzi) and the plain manifests, built with the
 * real kustomize (scripts/kubectl kustomize) and checked against schemas and the promises of
 * docs/deploy.md: no acknowledged write lost, backups kept, a topic for every contract.
 */
const production = parseObjects(runTool('kubectl', ['kustomize', resolve(repositoryRoot, 'k8s/overlays/production')]));
const disasterRecovery = parseObjects(runTool('kubectl', ['kustomize', resolve(repositoryRoot, 'k8s/cnpg-dr')]));

function only(objects: KubeObject[], kind: string, name?: string): KubeObject {
  const matches = objectsOfKind(objects, kind).filter((object) => name === undefined || object.metadata.name === name);
  expect(matches).toHaveLength(1);
  return matches[0];
}

describe('k8s manifests', () => {
  it('build with kustomize and validate against their schemas', () => {
    expect(production.length).toBeGreaterThan(60);
    expect(schemaProblems([...production, ...disasterRecovery])).toEqual([]);
    expect(production.every((object) => object.metadata.namespace === 'anpi')).toBe(true);
  });

  it('pins the image release in the production overlay', () => {
    const images = objectsOfKind(production, 'Deployment').map((deployment) => deployment.spec.template.spec.containers[0].image as string);
    expect(images).toHaveLength(5);
    for (const image of images) expect(image).toMatch(/^ghcr\.io\/anpi-project\/anpi-[a-z]+:0\.1\.0$/);
    expect(only(production, 'HorizontalPodAutoscaler').spec.minReplicas).toBe(3);
  });

  describe('PostgreSQL (CloudNativePG)', () => {
    const cluster = only(production, 'Cluster', 'anpi-pg');

    it('runs 3 instances with a synchronous standby, so no acknowledged write is lost', () => {
      expect(cluster.spec.instances).toBe(3);
      expect(cluster.spec.postgresql.synchronous).toEqual({ method: 'any', number: 1, dataDurability: 'required' });
      expect(cluster.spec.failoverDelay).toEqual(expect.any(Number));
      expect(cluster.spec.switchoverDelay).toEqual(expect.any(Number));
      expect(cluster.spec.affinity.podAntiAffinityType).toBe('required');
    });

    it('archives WAL at least every 5 minutes and backs up daily, keeping at least 10 daily backups', () => {
      expect(cluster.spec.postgresql.parameters.archive_timeout).toMatch(/^([1-5]min|[1-9]\d{0,2}s)$/);
      const archiver = cluster.spec.plugins.find((plugin: { isWALArchiver?: boolean }) => plugin.isWALArchiver);
      expect(archiver.name).toBe('barman-cloud.cloudnative-pg.io');
      const store = only(production, 'ObjectStore', archiver.parameters.barmanObjectName);
      const [, amount, unit] = /^(\d+)([dwm])$/.exec(store.spec.retentionPolicy)!;
      expect(Number(amount) * { d: 1, w: 7, m: 30 }[unit as 'd' | 'w' | 'm']).toBeGreaterThanOrEqual(10);
      const backup = only(production, 'ScheduledBackup');
      expect(backup.spec.cluster.name).toBe('anpi-pg');
      expect(backup.spec.method).toBe('plugin');
      // Six fields (seconds first); a fixed hour and every day.
      const [, , hour, dayOfMonth, month, dayOfWeek] = backup.spec.schedule.split(' ');
      expect(hour).toMatch(/^\d+$/);
      expect([dayOfMonth, month, dayOfWeek]).toEqual(['*', '*', '*']);
    });

    it('creates the databases and roles the chart connects with', () => {
      const values = parse(readFileSync(resolve(chartPath, 'values.yaml'), 'utf8')) as Record<string, { database?: { name: string; appUser: string; ownerUser: string } }>;
      const roles = cluster.spec.managed.roles.map((role: { name: string }) => role.name);
      const databases = [cluster.spec.bootstrap.initdb.database, ...objectsOfKind(production, 'Database').map((database) => database.spec.name)];
      for (const component of ['tenant', 'auth', 'dispatch', 'response']) {
        const { name, appUser, ownerUser } = values[component].database!;
        expect(databases).toContain(name);
        expect(roles).toContain(appUser);
        if (name !== cluster.spec.bootstrap.initdb.database) expect(roles).toContain(ownerUser);
        const app = cluster.spec.managed.roles.find((role: { name: string }) => role.name === appUser);
        expect(app.inherit).toBe(false);
      }
      const init = only(production, 'ConfigMap', 'anpi-pg-init').data['template1.sql'] as string;
      expect(init).not.toMatch(/BYPASSRLS(?<!NOBYPASSRLS)/);
      expect(init).toContain('ALTER DEFAULT PRIVILEGES FOR ROLE anpi_dispatch_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anpi_dispatch_app;');
    });

    it('keeps a replica cluster in a second region, following the primary region archive', () => {
      const replica = only(disasterRecovery, 'Cluster');
      expect(replica.spec.replica).toEqual({ enabled: true, source: 'anpi-pg-primary-region' });
      const source = replica.spec.externalClusters.find((external: { name: string }) => external.name === 'anpi-pg-primary-region');
      const primaryStore = only(production, 'ObjectStore', 'anpi-backups');
      const followed = only(disasterRecovery, 'ObjectStore', source.plugin.parameters.barmanObjectName);
      expect(followed.spec.configuration.destinationPath).toBe(primaryStore.spec.configuration.destinationPath);
      expect(source.plugin.parameters.serverName).toBe('anpi-pg');
    });
  });

  describe('Kafka (Strimzi)', () => {
    const topics = objectsOfKind(production, 'KafkaTopic');

    it('runs KRaft on three nodes with replication 3 and min.insync.replicas 2', () => {
      const kafka = only(production, 'Kafka');
      expect(kafka.metadata.annotations).toEqual(expect.objectContaining({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' }));
      expect(only(production, 'KafkaNodePool').spec.replicas).toBe(3);
      expect(kafka.spec.kafka.config).toEqual(expect.objectContaining({ 'default.replication.factor': 3, 'min.insync.replicas': 2, 'auto.create.topics.enable': false }));
    });

    it('keeps topics.yaml generated from the contracts (node -r @swc-node/register k8s/strimzi/generate-topics.ts)', () => {
      expect(readFileSync(resolve(repositoryRoot, 'k8s/strimzi/topics.yaml'), 'utf8')).toBe(topicsManifest());
    });

    it('declares every topic of libs/contracts with its partition count', () => {
      for (const spec of Object.values(TOPICS)) {
        const topic = topics.find((candidate) => (candidate.spec.topicName ?? candidate.metadata.name) === spec.name);
        expect({ topic: spec.name, partitions: topic?.spec.partitions }).toEqual({ topic: spec.name, partitions: spec.partitions });
      }
    });

    it("declares each consumer group's retry tiers and dead-letter topic", () => {
      const expected = consumerGroups.flatMap((group) => [...Array.from({ length: retryTiers }, (_, index) => retryTopicName(group, index + 1)), deadLetterTopicName(group)]);
      const declared = topics.map((topic) => topic.metadata.name);
      expect(declared).toEqual(expect.arrayContaining(expected));
      expect(declared).toHaveLength(Object.keys(TOPICS).length + expected.length);
    });

    it('replicates every topic 3 times with min.insync.replicas 2, on the Anpi cluster', () => {
      for (const topic of topics) {
        expect({ topic: topic.metadata.name, replicas: topic.spec.replicas, minIsr: topic.spec.config['min.insync.replicas'], cluster: topic.metadata.labels?.['strimzi.io/cluster'] }).toEqual({
          topic: topic.metadata.name,
          replicas: 3,
          minIsr: 2,
          cluster: 'anpi-kafka',
        });
      }
    });
  });
});
