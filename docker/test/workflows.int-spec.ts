import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from '@anpi/testing';

/** .github/: CI runs what .ci/run runs, images are built for every service, files referenced exist. */
type Workflow = { on: unknown; jobs: Record<string, { steps: { run?: string; uses?: string; with?: Record<string, string> }[]; strategy?: { matrix: { include: Record<string, string>[] } } }> };
const workflowDirectory = resolve(repositoryRoot, '.github/workflows');
const workflows = Object.fromEntries(readdirSync(workflowDirectory).map((file) => [file, parse(readFileSync(resolve(workflowDirectory, file), 'utf8')) as Workflow]));

describe('.github', () => {
  it('has CI, image, and chart workflows that parse', () => {
    expect(Object.keys(workflows).sort()).toEqual(['chart.yml', 'ci.yml', 'images.yml']);
    for (const workflow of Object.values(workflows)) expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
  });

  it('runs .ci/run in CI and the dependency audit', () => {
    const runs = Object.values(workflows['ci.yml'].jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''));
    expect(runs.some((run) => run.includes('bash .ci/run'))).toBe(true);
    expect(runs).toContain('bash scripts/audit-dependencies');
    expect(existsSync(resolve(repositoryRoot, 'scripts/audit-dependencies'))).toBe(true);
  });

  it('builds an image for every service and the console, from Dockerfiles that exist', () => {
    const matrix = workflows['images.yml'].jobs.image.strategy!.matrix.include;
    expect(matrix.map((entry) => entry.service).sort()).toEqual(['alert-dispatch-service', 'auth-service', 'console', 'response-collection-service', 'tenant-service']);
    const chartValues = parse(readFileSync(resolve(repositoryRoot, 'charts/anpi/values.yaml'), 'utf8')) as Record<string, unknown>;
    for (const entry of matrix) {
      expect(existsSync(resolve(repositoryRoot, entry.dockerfile))).toBe(true);
      // The image name the chart pulls: <repository>-<component>.
      expect(chartValues[entry.component]).toBeDefined();
    }
  });

  it('keeps Dependabot on npm, GitHub Actions and the Docker base images', () => {
    const dependabot = parse(readFileSync(resolve(repositoryRoot, '.github/dependabot.yml'), 'utf8')) as { updates: { 'package-ecosystem': string }[] };
    expect(dependabot.updates.map((update) => update['package-ecosystem']).sort()).toEqual(['docker', 'github-actions', 'npm']);
  });
});
