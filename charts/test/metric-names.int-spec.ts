import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ServiceProcess, repositoryRoot } from '@anpi/testing';
import { objectsOfKind, renderChart, valuesScenarios } from './support/k8s-tools';
import { metricNamesIn } from './support/promql-metric-names';

/**
 * Alert rules and dashboards may only use metrics that exist. The four services are started
 * from their build output (apps/<svc>/dist/main.js, as in the image) against the local stack,
 * their /metrics are scraped, and every name the chart's PromQL uses must be among them —
 * or come from an exporter the deployment runs, listed here on purpose.
 */
const externalMetrics: Record<string, string> = {
  // Prometheus itself: the alerts in flight, for the on-call overview.
  ALERTS: 'Prometheus built-in series of pending/firing alerts',
  // kube-state-metrics (kube-prometheus-stack): pods available per Deployment.
  kube_deployment_status_replicas_available: 'kube-state-metrics',
};
const externalPrefixes: Record<string, string> = {
  cnpg_: 'CloudNativePG instance exporter (k8s/cnpg: monitoring.enablePodMonitor)',
  kafka_: 'Strimzi Kafka Exporter (k8s/strimzi: kafkaExporter)',
};

const services = [
  ['tenant-service', 3941],
  ['auth-service', 3942],
  ['alert-dispatch-service', 3943],
  ['response-collection-service', 3944],
] as const;

/** Sample names a scrape can contain, from its `# TYPE` lines (histograms have three). */
function exportedNames(exposition: string): string[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith('# TYPE '))
    .flatMap((line) => {
      const [, , name, type] = line.split(' ');
      return type === 'histogram' || type === 'summary' ? [name, `${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    });
}

function chartExpressions(): { where: string; expression: string }[] {
  const objects = renderChart([]);
  const [rule] = objectsOfKind(objects, 'PrometheusRule');
  const fromRules = (rule.spec.groups as { rules: { alert: string; expr: string }[] }[]).flatMap((group) =>
    group.rules.map((alertRule) => ({ where: `alert ${alertRule.alert}`, expression: alertRule.expr })),
  );
  const fromDashboards = objectsOfKind(objects, 'ConfigMap')
    .filter((configMap) => configMap.metadata.labels?.grafana_dashboard)
    .flatMap((configMap) => {
      const dashboard = JSON.parse(Object.values(configMap.data as Record<string, string>)[0]) as { title: string; panels: { title: string; targets: { expr: string }[] }[] };
      return dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ where: `${dashboard.title} / ${panel.title}`, expression: target.expr })));
    });
  // The dispatch HPA's lag metric (production values turn it on; prometheus-adapter serves it).
  const fromAutoscaler = objectsOfKind(renderChart(valuesScenarios.production), 'HorizontalPodAutoscaler').flatMap((hpa) =>
    (hpa.spec.metrics as { type: string; external?: { metric: { name: string } } }[])
      .filter((metric) => metric.type === 'External')
      .map((metric) => ({ where: `HPA ${hpa.metadata.name}`, expression: metric.external!.metric.name })),
  );
  expect(fromAutoscaler).toHaveLength(1);
  return [...fromRules, ...fromDashboards, ...fromAutoscaler];
}

describe('metric names in alert rules and dashboards', () => {
  const running: ServiceProcess[] = [];
  const exported = new Set<string>();

  beforeAll(async () => {
    for (const [service] of services) {
      if (!existsSync(resolve(repositoryRoot, `apps/${service}/dist/main.js`))) throw new Error(`apps/${service}/dist/main.js is missing: run npm run build first`);
    }
    // As in production, dispatch polls the JMA feed (here an address where nothing listens):
    // the feed's metrics exist only on a polling pod.
    const overrides: Record<string, Record<string, string>> = {
      'alert-dispatch-service': { JMA_FEED_POLL_ENABLED: 'true', JMA_FEED_BASE_URL: 'http://127.0.0.1:9/feed/', JMA_FEED_POLL_INTERVAL_MS: '600000' },
    };
    running.push(...(await Promise.all(services.map(([service, port]) => new ServiceProcess(service, port, overrides[service] ?? {}).start()))));
    for (const service of running) {
      const response = await fetch(`${service.baseUrl}/metrics`);
      expect(response.status).toBe(200);
      for (const name of exportedNames(await response.text())) exported.add(name);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(running.map((service) => service.stop()));
  });

  it('finds the metric names in the expressions (parser sanity)', () => {
    expect(metricNamesIn('sum by (channel) (rate(anpi_deliveries_total{outcome!="sent"}[10m])) / on (x) anpi_b > 0.5 and time() - max(c_d)')).toEqual([
      'anpi_deliveries_total',
      'anpi_b',
      'c_d',
    ]);
    expect(exported.has('anpi_http_request_duration_seconds_bucket')).toBe(true);
  });

  it('uses only metrics the services export or the documented exporters provide', () => {
    const expressions = chartExpressions();
    expect(expressions.length).toBeGreaterThan(20);
    const unknown = expressions.flatMap(({ where, expression }) =>
      metricNamesIn(expression)
        .filter((name) => !exported.has(name) && !(name in externalMetrics) && !Object.keys(externalPrefixes).some((prefix) => name.startsWith(prefix)))
        .map((name) => `${name} (${where})`),
    );
    expect(unknown).toEqual([]);
  });

  it('documents every exporter it allows in docs/deploy.md', () => {
    const deployDoc = readFileSync(resolve(repositoryRoot, 'docs/deploy.md'), 'utf8');
    for (const exporter of ['kube-state-metrics', 'Kafka Exporter', 'CloudNativePG']) expect(deployDoc).toContain(exporter);
  });
});
