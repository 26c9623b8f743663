import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { repositoryRoot } from '@anpi/testing';
import { objectsOfKind, renderChart } from './support/k8s-tools';

/**
 * The chart's PrometheusRule, checked by Prometheus' own promtool: syntax (check rules) and
 * behaviour (test rules: prometheus-rules.test.yaml fires every alert and keeps it quiet when
 * it should be). Every alert has its runbook in docs/runbooks/.
 */
interface AlertRule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}

const [rule] = objectsOfKind(renderChart([]), 'PrometheusRule');
const groups = rule.spec.groups as { name: string; rules: AlertRule[] }[];
const alerts = groups.flatMap((group) => group.rules);
const unitTests = parse(readFileSync(resolve(__dirname, 'prometheus-rules.test.yaml'), 'utf8')) as {
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
};

function promtool(directory: string, ...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: directory, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${failure.stdout}${failure.stderr}`);
  }
}

describe('alert rules (promtool)', () => {
  let directory: string;
  beforeAll(() => {
    directory = mkdtempSync(resolve(tmpdir(), 'anpi-rules-'));
    writeFileSync(resolve(directory, 'rules.yaml'), stringify({ groups }));
    copyFileSync(resolve(__dirname, 'prometheus-rules.test.yaml'), resolve(directory, 'rules.test.yaml'));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('covers the alerts the on-call needs', () => {
    expect(alerts.map((alert) => alert.alert).sort()).toEqual([
      'AnpiAnswerPageSlow',
      'AnpiConsumerLagHigh',
      'AnpiDatabaseFailover',
      'AnpiDeadLetterQueueNotEmpty',
      'AnpiDeliveryFailureRateHigh',
      'AnpiDispatchBacklogGrowing',
      'AnpiHeapNearLimit',
      'AnpiJmaFeedStale',
    ]);
  });

  it('passes promtool check rules', () => {
    expect(promtool(directory, 'check', 'rules', 'rules.yaml')).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('passes promtool test rules, which fire every alert at least once', () => {
    const fired = new Set(unitTests.tests.flatMap((test) => test.alert_rule_test.filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)));
    expect([...fired].sort()).toEqual(alerts.map((alert) => alert.alert).sort());
    expect(promtool(directory, 'test', 'rules', 'rules.test.yaml')).toContain('SUCCESS');
  });

  it('fails promtool test rules when an alert does not behave as written (the check is real)', () => {
    const broken = readFileSync(resolve(directory, 'rules.test.yaml'), 'utf8').replace('12000 events not yet processed.', '1 events not yet processed.');
    writeFileSync(resolve(directory, 'broken.test.yaml'), broken);
    expect(() => promtool(directory, 'test', 'rules', 'broken.test.yaml')).toThrow(/AnpiConsumerLagHigh/);
  });

  it.each(alerts.map((alert) => alert.alert))('links %s to its runbook in docs/runbooks/', (name) => {
    const alert = alerts.find((candidate) => candidate.alert === name)!;
    expect(alert.annotations.runbook_url).toMatch(new RegExp(`/docs/runbooks/${name}\\.md$`));
    const runbook = resolve(repositoryRoot, 'docs/runbooks', `${name}.md`);
    expect(existsSync(runbook)).toBe(true);
    const text = readFileSync(runbook, 'utf8');
    // A runbook a newcomer can act on: what it means, what to check, what to do.
    for (const section of ['## What it means', '## Check', '## Fix']) expect(text).toContain(section);
  });
});
