import { ConfigError, loadConfig } from '@anpi/config';
import { TOPICS } from '@anpi/contracts';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { alertDispatchServiceConfigSchema } from '../../apps/alert-dispatch-service/src/config';
import { authServiceConfigSchema } from '../../apps/auth-service/src/config';
import { responseCollectionServiceConfigSchema } from '../../apps/response-collection-service/src/config';
import { tenantServiceConfigSchema } from '../../apps/tenant-service/src/config';
import { KubeObject, chartPath, labelsMatch, objectsOfKind, renderChart, runTool, valuesScenarios } from './support/k8s-tools';
import { schemaProblems } from './support/schema-validation';

/**
 * charts/anpi checked offline with the real Helm 3.17 (scripts/helm): lint, render with each
 * values file, validate every object, and enforce the policies the chart promises.
 */
const services = ['tenant', 'auth', 'dispatch', 'response'] as const;
const configSchemas: Record<(typeof services)[number], z.ZodObject> = {
  tenant: tenantServiceConfigSchema as unknown as z.ZodObject,
  auth: authServiceConfigSchema as unknown as z.ZodObject,
  dispatch: alertDispatchServiceConfigSchema,
  response: responseCollectionServiceConfigSchema,
};

const rendered = Object.fromEntries(Object.entries(valuesScenarios).map(([name, files]) => [name, renderChart(files)])) as Record<string, KubeObject[]>;
const scenarios = Object.keys(rendered);

function podSpecs(objects: KubeObject[]) {
  return [...objectsOfKind(objects, 'Deployment'), ...objectsOfKind(objects, 'Job')].map((object) => ({ object, pod: object.spec.template.spec }));
}

describe('charts/anpi', () => {
  it.each(scenarios)('passes helm lint --strict with the %s values', (scenario) => {
    const output = runTool('helm', ['lint', '--strict', chartPath, ...valuesScenarios[scenario].flatMap((file) => ['-f', file])]);
    expect(output).toContain('0 chart(s) failed');
  });

  it.each(scenarios)('renders only objects that validate against their schemas (%s)', (scenario) => {
    expect(rendered[scenario].length).toBeGreaterThan(30);
    expect(schemaProblems(rendered[scenario])).toEqual([]);
  });

  it('the schema check itself refuses broken objects', () => {
    const deployment = objectsOfKind(rendered.defaults, 'Deployment')[0];
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    const cluster = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', metadata: { name: 'x' }, spec: { instances: 3, storage: { size: '1Gi' }, failoverDelai: 5 } };
    const problems = schemaProblems([broken, cluster as KubeObject]);
    expect(problems.map((problem) => problem.object)).toEqual([`Deployment/${deployment.metadata.name}`, 'Cluster/x']);
  });

  it('knows the partition count of deliveries.requested from libs/contracts', () => {
    const values = parseDocument(readFileSync(resolve(chartPath, 'values.yaml'), 'utf8')).toJS() as { dispatch: { deliveryTopic: { name: string; partitions: number } } };
    expect(values.dispatch.deliveryTopic).toEqual({ name: TOPICS.deliveriesRequested.name, partitions: TOPICS.deliveriesRequested.partitions });
  });

  it('gives the dispatch pods the young generation they were measured with, and the memory it takes', () => {
    const containerOf = (name: string) => objectsOfKind(rendered.defaults, 'Deployment').find((deployment) => deployment.metadata.name === name)!.spec.template.spec.containers[0];
    const dispatch = containerOf('anpi-dispatch');
    expect(dispatch.env).toContainEqual({ name: 'NODE_OPTIONS', value: '--max-semi-space-size=64 --max-old-space-size=640' });
    // 640 MB of old generation + 3 × 64 MB of young generation + code and buffers fit in the limit.
    expect(dispatch.resources.limits.memory).toBe('1Gi');
    expect(containerOf('anpi-response').env.map((variable: { name: string }) => variable.name)).not.toContain('NODE_OPTIONS');
    expect(() => renderChart([], ['--set', 'dispatch.nodeOptions=max-semi-space-size=64'])).toThrow(/nodeOptions/);
  });

  it('refuses values the schema does not know or allow', () => {
    expect(() => renderChart([], ['--set', 'dispatch.replicaCont=3'])).toThrow(/replicaCont/);
    expect(() => renderChart([], ['--set', 'containerSecurityContext.runAsNonRoot=false'])).toThrow(/runAsNonRoot/);
    expect(() => renderChart([], ['--set', 'config.answerLinkBaseUrl=http://plain.example'])).toThrow(/answerLinkBaseUrl/);
  });

  describe.each(scenarios)('policies (%s values)', (scenario) => {
    const objects = rendered[scenario];

    it('gives every Deployment probes on /health, resources, a PDB and a NetworkPolicy', () => {
      const deployments = objectsOfKind(objects, 'Deployment');
      expect(deployments.map((deployment) => deployment.metadata.labels?.['app.kubernetes.io/component']).sort()).toEqual(['auth', 'console', 'dispatch', 'response', 'tenant']);
      for (const deployment of deployments) {
        const podLabels = deployment.spec.template.metadata.labels;
        for (const container of deployment.spec.template.spec.containers) {
          expect(container.livenessProbe.httpGet.path).toBe('/health/live');
          expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
          expect(container.startupProbe).toBeDefined();
          expect(container.resources.requests).toEqual(expect.objectContaining({ cpu: expect.anything(), memory: expect.anything() }));
          expect(container.resources.limits.memory).toBeDefined();
        }
        const budgets = objectsOfKind(objects, 'PodDisruptionBudget').filter((pdb) => labelsMatch(pdb.spec.selector.matchLabels, podLabels));
        expect(budgets).toHaveLength(1);
        const own = objectsOfKind(objects, 'NetworkPolicy').filter(
          (policy) => labelsMatch(policy.spec.podSelector.matchLabels, podLabels) && policy.spec.podSelector.matchLabels['app.kubernetes.io/component'],
        );
        expect(own).toHaveLength(1);
        expect(own[0].spec.policyTypes).toEqual(['Ingress', 'Egress']);
      }
    });

    it('denies all traffic of the release by default and opens only DNS, PostgreSQL, Kafka, Anpi and providers', () => {
      const policies = objectsOfKind(objects, 'NetworkPolicy');
      const defaultDeny = policies.find((policy) => policy.metadata.name === 'anpi-default-deny');
      expect(defaultDeny?.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'anpi' } }, policyTypes: ['Ingress', 'Egress'] });
      const egressPorts = (name: string) =>
        policies.find((policy) => policy.metadata.name === name)!.spec.egress.flatMap((rule: { ports: { port: number }[] }) => rule.ports.map((port) => port.port));
      expect(egressPorts('anpi-console')).toEqual([53, 53]);
      expect(egressPorts('anpi-tenant')).toEqual(expect.arrayContaining([53, 5432, 9092]));
      expect(egressPorts('anpi-tenant')).not.toContain(443);
      expect(egressPorts('anpi-dispatch')).toEqual(expect.arrayContaining([53, 5432, 9092, 443, 587]));
      const providerRule = policies.find((policy) => policy.metadata.name === 'anpi-dispatch')!.spec.egress.find((rule: { to?: { ipBlock?: unknown }[] }) => rule.to?.[0]?.ipBlock);
      expect(providerRule.to[0].ipBlock.except).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']));
    });

    it('runs no container as root, with a read-only root filesystem and no capabilities', () => {
      for (const { object, pod } of podSpecs(objects)) {
        expect({ object: object.metadata.name, runAsNonRoot: pod.securityContext.runAsNonRoot }).toEqual({ object: object.metadata.name, runAsNonRoot: true });
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
          expect(container.securityContext).toEqual(
            expect.objectContaining({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
          );
        }
        expect(pod.automountServiceAccountToken).toBe(false);
      }
    });

    it('scales dispatch with an HPA or a KEDA ScaledObject, never both, capped at the partition count', () => {
      const hpas = objectsOfKind(objects, 'HorizontalPodAutoscaler');
      const scaledObjects = objectsOfKind(objects, 'ScaledObject');
      expect(hpas.length + scaledObjects.length).toBe(1);
      const partitions = TOPICS.deliveriesRequested.partitions;
      const dispatch = objectsOfKind(objects, 'Deployment').find((deployment) => deployment.metadata.name === 'anpi-dispatch')!;
      expect(dispatch.spec.replicas).toBeUndefined();
      const [hpa] = hpas;
      const [scaled] = scaledObjects;
      const behavior = hpa ? hpa.spec.behavior : scaled.spec.advanced.horizontalPodAutoscalerConfig.behavior;
      expect(hpa ? hpa.spec.maxReplicas : scaled.spec.maxReplicaCount).toBeLessThanOrEqual(partitions);
      // Fast up, slow down.
      expect(behavior.scaleUp.stabilizationWindowSeconds).toBe(0);
      expect(behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
      if (hpa) {
        expect(hpa.spec.metrics.map((metric: { type: string }) => metric.type)).toContain('Resource');
      } else {
        expect(scaled.spec.triggers.find((trigger: { type: string }) => trigger.type === 'kafka').metadata).toEqual(
          expect.objectContaining({ consumerGroup: 'alert-dispatch-service', topic: TOPICS.deliveriesRequested.name, allowIdleConsumers: 'false' }),
        );
      }
    });

    it('migrates every service database in a pre-install/pre-upgrade hook, after its Secret and network policy', () => {
      const jobs = objectsOfKind(objects, 'Job');
      expect(jobs.map((job) => job.metadata.name).sort()).toEqual(['anpi-migrate-auth', 'anpi-migrate-dispatch', 'anpi-migrate-response', 'anpi-migrate-tenant']);
      for (const job of jobs) {
        expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
        expect(job.spec.template.spec.containers[0].args).toEqual(['migrate']);
        const env = job.spec.template.spec.containers[0].env.map((variable: { name: string }) => variable.name);
        expect(env).toEqual(expect.arrayContaining(['DB_MIGRATION_USER', 'DB_MIGRATION_PASSWORD', 'DB_NAME']));
      }
      const earlierHooks = objects.filter((object) => object.kind !== 'Job' && object.metadata.annotations?.['helm.sh/hook']);
      for (const hook of earlierHooks) expect(Number(hook.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(0);
      expect(earlierHooks.map((hook) => hook.kind)).toContain('NetworkPolicy');
    });
  });

  describe.each(services)('the environment of %s', (component) => {
    const objects = rendered.defaults;
    const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'anpi-config')!;
    // A key ring holds a key under every active key id of the chart, so whichever it needs is there.
    const activeKeyIds = Object.entries(configMap.data as Record<string, string>).filter(([name]) => /_ACTIVE_(\w+_)?KEY_ID$/.test(name)).map(([, id]) => id);
    const secretValue = (key: string) =>
      key === 'AUTH_SIGNING_KEYS'
        ? readLocalSetting('AUTH_SIGNING_KEYS')
        : key.endsWith('_KEYS')
          ? activeKeyIds.map((id) => `${id}:${randomBytes(32).toString('base64')}`).join(',')
          : randomBytes(32).toString('base64');

    /** What the kubelet would set: envFrom ConfigMaps, literal values, a random value per required Secret key. */
    function environmentOf(object: KubeObject): Record<string, string> {
      const container = object.spec.template.spec.containers[0];
      const environment: Record<string, string> = {};
      for (const source of container.envFrom ?? []) if (source.configMapRef?.name === 'anpi-config') Object.assign(environment, configMap.data);
      for (const variable of container.env as { name: string; value?: string; valueFrom?: { secretKeyRef?: { key: string; optional?: boolean }; fieldRef?: unknown } }[]) {
        if (variable.value !== undefined) environment[variable.name] = variable.value;
        else if (variable.valueFrom?.fieldRef) environment[variable.name] = 'anpi-pod-0';
        else if (variable.valueFrom?.secretKeyRef && !variable.valueFrom.secretKeyRef.optional) environment[variable.name] = secretValue(variable.valueFrom.secretKeyRef.key);
      }
      return environment;
    }

    function configProblem(environment: Record<string, string>): string | undefined {
      try {
        loadConfig(configSchemas[component], environment);
        return undefined;
      } catch (error) {
        if (error instanceof ConfigError) return error.message;
        throw error;
      }
    }

    it('is accepted by the service config schema (Deployment)', () => {
      const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === `anpi-${component}`)!;
      expect(configProblem(environmentOf(deployment))).toBeUndefined();
    });

    it('is accepted by the service config schema (migration Job, which loads the same config)', () => {
      const job = objects.find((object) => object.kind === 'Job' && object.metadata.name === `anpi-migrate-${component}`)!;
      const environment = environmentOf(job);
      expect(configProblem(environment)).toBeUndefined();
      expect(environment.DB_MIGRATION_USER).toMatch(/_owner$/);
    });

    it('holds only this service\'s own database password', () => {
      const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === `anpi-${component}`)!;
      const passwordKeys = (deployment.spec.template.spec.containers[0].env as { valueFrom?: { secretKeyRef?: { key: string } } }[])
        .map((variable) => variable.valueFrom?.secretKeyRef?.key ?? '')
        .filter((key) => key.includes('_DB_'));
      expect(passwordKeys).toEqual([`${component.toUpperCase()}_DB_APP_PASSWORD`]);
    });
  });

  it('publishes TLS through cert-manager, and plain http only for the answer page', () => {
    const ingresses = objectsOfKind(rendered.production, 'Ingress');
    const main = ingresses.find((ingress) => ingress.metadata.name === 'anpi')!;
    expect(main.metadata.annotations?.['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(main.spec.tls[0].hosts).toEqual(['anpi.example.co.jp']);
    const paths: string[] = main.spec.rules[0].http.paths.map((path: { path: string }) => path.path);
    expect(paths).toEqual(expect.arrayContaining(['/api/tenant/()(v1/.*)', '/()(a/.*)', '/()(.*)']));
    // Internal endpoints never reach a service through the ingress (only the console's catch-all).
    const serviceRoutes = main.spec.rules[0].http.paths.filter((path: { backend: { service: { name: string } } }) => path.backend.service.name !== 'anpi-console');
    for (const blocked of ['/api/tenant/internal/tenants', '/api/dispatch/metrics', '/api/auth/health/ready', '/api/responses/internal/x']) {
      expect(serviceRoutes.filter((path: { path: string }) => new RegExp(`^${path.path}`).test(blocked))).toEqual([]);
    }
    expect(serviceRoutes.some((path: { path: string }) => new RegExp(`^${path.path}`).test('/api/dispatch/v1/alerts'))).toBe(true);
    const plain = ingresses.find((ingress) => ingress.metadata.name === 'anpi-plain-http-answer')!;
    expect(plain.spec.tls).toBeUndefined();
    expect(plain.spec.rules[0].http.paths.map((path: { path: string }) => path.path)).toEqual(['/a/']);
    expect(objectsOfKind(rendered.defaults, 'Ingress').map((ingress) => ingress.metadata.name)).toEqual(['anpi']);
  });

  it('ships Grafana dashboards as ConfigMaps with the sidecar label', () => {
    const dashboards = objectsOfKind(rendered.defaults, 'ConfigMap').filter((configMap) => configMap.metadata.labels?.grafana_dashboard === '1');
    expect(dashboards.map((dashboard) => dashboard.metadata.name).sort()).toEqual(['anpi-dashboard-overview', 'anpi-dashboard-service']);
    for (const dashboard of dashboards) {
      const [json] = Object.values(dashboard.data as Record<string, string>);
      expect(JSON.parse(json).panels.length).toBeGreaterThan(5);
    }
    const relabelled = renderChart([], ['--set', 'metrics.dashboards.label=my_dashboards']);
    expect(objectsOfKind(relabelled, 'ConfigMap').filter((configMap) => configMap.metadata.labels?.my_dashboards === '1')).toHaveLength(2);
  });

  it('keeps k8s/app/anpi.yaml (the manifests for users without Helm) up to date', () => {
    const expected = runTool('helm', ['template', 'anpi', chartPath, '--namespace', 'anpi', '-f', resolve(chartPath, '../../k8s/app/values.yaml')]);
    expect(readFileSync(resolve(chartPath, '../../k8s/app/anpi.yaml'), 'utf8')).toBe(expected);
  });

  it('packages (helm package), without the CI values files', () => {
    const target = mkdtempSync(resolve(tmpdir(), 'anpi-package-'));
    try {
      expect(runTool('helm', ['package', chartPath, '--destination', target])).toContain('anpi-0.1.0.tgz');
      const listing = execFileSync('tar', ['-tzf', resolve(target, 'anpi-0.1.0.tgz')], { encoding: 'utf8' }).split('\n');
      expect(listing).toEqual(expect.arrayContaining(['anpi/values.schema.json', 'anpi/templates/NOTES.txt', 'anpi/files/dashboards/overview.json']));
      expect(listing.filter((entry) => entry.startsWith('anpi/ci/'))).toEqual([]);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('prints what to do next (NOTES.txt)', () => {
    // helm template skips NOTES.txt and install --dry-run needs a cluster: render a copy as a template.
    const copy = mkdtempSync(resolve(tmpdir(), 'anpi-chart-'));
    try {
      cpSync(chartPath, copy, { recursive: true });
      cpSync(resolve(copy, 'templates/NOTES.txt'), resolve(copy, 'notes.txt'));
      writeFileSync(resolve(copy, 'templates/notes-as-template.yaml'), 'notes: {{ tpl (.Files.Get "notes.txt") . | toJson }}\n');
      const notes = (values: string[]) =>
        String(parseDocument(runTool('helm', ['template', 'anpi', copy, '--namespace', 'anpi', '--show-only', 'templates/notes-as-template.yaml', ...values])).get('notes'));
      const defaults = notes([]);
      expect(defaults).toContain('kubectl -n anpi get jobs,pods -l app.kubernetes.io/instance=anpi');
      expect(defaults).toContain('https://anpi.example.com/');
      expect(defaults).toContain('WARNING: the chart rendered the Secret from values');
      const keda = notes(['-f', valuesScenarios.keda[0]]);
      expect(keda).toContain('Dispatch scales with KEDA');
      expect(keda).not.toContain('WARNING');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});

function readLocalSetting(name: string): string {
  const line = readFileSync(resolve(chartPath, '../../scripts/local.env'), 'utf8').split('\n').find((candidate) => candidate.startsWith(`${name}=`));
  if (!line) throw new Error(`scripts/local.env has no ${name}`);
  return line.slice(name.length + 1);
}
