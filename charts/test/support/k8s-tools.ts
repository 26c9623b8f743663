import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from '@anpi/testing';

/** A rendered Kubernetes object, as far as the tests look into it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

export const chartPath = resolve(repositoryRoot, 'charts/anpi');

/** The values files the chart is checked with: defaults, production, KEDA on. */
export const valuesScenarios: Record<string, string[]> = {
  defaults: [],
  production: [resolve(chartPath, 'ci/values-production.yaml')],
  keda: [resolve(chartPath, 'ci/values-keda.yaml')],
};

/** scripts/helm or scripts/kubectl (real binaries, fetched on first use); throws with stderr on failure. */
export function runTool(tool: 'helm' | 'kubectl', args: string[]): string {
  try {
    return execFileSync(resolve(repositoryRoot, 'scripts', tool), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024, timeout: 180_000 });
  } catch (error) {
    const failure = error as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${failure.stderr || failure.stdout || failure.message}`);
  }
}

export function parseObjects(text: string): KubeObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`invalid YAML: ${document.errors[0].message}`);
      return document.toJS() as KubeObject | null;
    })
    .filter((object): object is KubeObject => object !== null && typeof object === 'object');
}

/** `helm template` of charts/anpi as release "anpi" in namespace "anpi". */
export function renderChart(valuesFiles: string[], extraArgs: string[] = []): KubeObject[] {
  const args = ['template', 'anpi', chartPath, '--namespace', 'anpi', ...valuesFiles.flatMap((file) => ['-f', file]), ...extraArgs];
  return parseObjects(runTool('helm', args));
}

export function objectsOfKind(objects: KubeObject[], kind: string): KubeObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}
