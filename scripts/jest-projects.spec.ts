import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * scripts/test-all runs each Jest project once, in order. A test file matched by two projects
 * runs twice — once where its stack is not set up (the console's browser test inside the
 * integration run failed CI that way). Every test file belongs to exactly one project.
 */
const root = resolve(__dirname, '..');
const projects = ['unit', 'integration', 'deploy', 'browser', 'system', 'ha'];

function testsOf(project: string): string[] {
  const output = execFileSync(process.execPath, [resolve(root, 'node_modules/jest/bin/jest.js'), '--listTests', '--json', '--selectProjects', project], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output) as string[];
}

describe('Jest projects', () => {
  it('give every test file to exactly one project', () => {
    const owners = new Map<string, string[]>();
    for (const project of projects) {
      for (const file of testsOf(project)) owners.set(file, [...(owners.get(file) ?? []), project]);
    }
    const shared = [...owners].filter(([, owning]) => owning.length > 1).map(([file, owning]) => `${file.slice(root.length + 1)}: ${owning.join(', ')}`);
    expect(shared).toEqual([]);
    // Each project that scripts/test-all runs must find its own tests.
    for (const project of projects) {
      expect([...owners.values()].some((owning) => owning.includes(project))).toBe(true);
    }
  }, 120_000);
});
