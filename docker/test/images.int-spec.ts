import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ScratchDatabase, localServiceEnvironment, repositoryRoot } from '@anpi/testing';

/**
 * No Docker engine here, so the images are checked from the outside: the Dockerfile is parsed,
 * every file it copies must exist in the build context (or, from the build stage, after
 * `npm run build` — the same command the image runs), the entry point it starts is run for
 * real (migrations into a scratch database), and compose.yaml must match the services.
 */
const services = ['tenant-service', 'auth-service', 'alert-dispatch-service', 'response-collection-service'] as const;

interface Instruction {
  stage: string;
  keyword: string;
  args: string;
}

function instructions(dockerfile: string): Instruction[] {
  const text = readFileSync(resolve(repositoryRoot, dockerfile), 'utf8').replace(/\\\n/g, ' ');
  let stage = '';
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      const args = rest.join(' ');
      if (keyword.toUpperCase() === 'FROM') stage = / AS (\S+)$/i.exec(args)?.[1] ?? args;
      return { stage, keyword: keyword.toUpperCase(), args };
    });
}

/** COPY [--from=stage] <sources…> <destination>, with ${SERVICE} filled in. */
function copies(list: Instruction[], service: string) {
  return list
    .filter((instruction) => instruction.keyword === 'COPY')
    .map((instruction) => {
      const words = instruction.args.replace(/\$\{SERVICE\}/g, service).split(/\s+/);
      const from = words.find((word) => word.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((word) => !word.startsWith('--'));
      return { stage: instruction.stage, from, sources: paths.slice(0, -1), destination: paths.at(-1)! };
    });
}

function dockerIgnored(path: string): boolean {
  const patterns = readFileSync(resolve(repositoryRoot, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  return patterns.some((pattern) => {
    const glob = pattern
      .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*\//g, '\u0000')
      .replace(/\*/g, '[^/]*')
      .replace(/\u0000/g, '(?:.*/)?');
    const expression = new RegExp(`^${glob}(/.*)?$`);
    return expression.test(path);
  });
}

describe('docker/Dockerfile', () => {
  const list = instructions('docker/Dockerfile');
  const runtime = list.filter((instruction) => instruction.stage === 'runtime');

  it('builds with the commands CI runs, and ships production dependencies only', () => {
    const buildRuns = list.filter((instruction) => instruction.stage === 'build' && instruction.keyword === 'RUN').map((instruction) => instruction.args);
    expect(buildRuns).toEqual(['npm ci --no-audit --no-fund', 'npm run build']);
    expect(list.some((instruction) => instruction.keyword === 'RUN' && instruction.args.startsWith('npm prune --omit=dev'))).toBe(true);
    const nodeModules = copies(runtime, 'tenant-service').find((copy) => copy.destination === './node_modules');
    expect(nodeModules?.from).toBe('production-dependencies');
  });

  it('runs on a slim Node 20 base as a non-root user under tini', () => {
    expect(list.find((instruction) => instruction.keyword === 'ARG' && instruction.args.startsWith('NODE_IMAGE='))?.args).toMatch(/^NODE_IMAGE=node:20[.\d]*-\w+-slim$/);
    const user = runtime.find((instruction) => instruction.keyword === 'USER')!.args;
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    const entrypoint = JSON.parse(runtime.find((instruction) => instruction.keyword === 'ENTRYPOINT')!.args) as string[];
    expect(entrypoint.slice(0, 3)).toEqual(['/usr/bin/tini', '--', 'node']);
    expect(existsSync(resolve(repositoryRoot, entrypoint[3].replace(/^\/app\//, '')))).toBe(true);
    expect(JSON.parse(runtime.find((instruction) => instruction.keyword === 'CMD')!.args)).toEqual(['serve']);
  });

  it.each(services)('copies only files that exist after npm run build (%s)', (service) => {
    const allCopies = copies(list, service);
    expect(allCopies.length).toBeGreaterThan(5);
    for (const copy of allCopies) {
      for (const source of copy.sources) {
        const path = copy.from ? source.replace(/^\/src\//, '') : source;
        expect({ source, exists: existsSync(resolve(repositoryRoot, path)) }).toEqual({ source, exists: true });
        if (!copy.from) expect({ source, ignored: dockerIgnored(path) }).toEqual({ source, ignored: false });
      }
    }
    // What the entry point starts, and what the services load at run time.
    for (const file of [`apps/${service}/dist/main.js`, `apps/${service}/dist/migrate.js`, 'libs/contracts/proto']) {
      expect({ file, exists: existsSync(resolve(repositoryRoot, file)) }).toEqual({ file, exists: true });
    }
    for (const library of ['config', 'contracts', 'messaging', 'persistence', 'service-bootstrap', 'observability']) {
      const main = JSON.parse(readFileSync(resolve(repositoryRoot, `libs/${library}/package.json`), 'utf8')).main as string;
      expect(existsSync(resolve(repositoryRoot, `libs/${library}`, main))).toBe(true);
    }
  });

  it('keeps the build context small: node_modules, dist and .stack are ignored', () => {
    for (const path of ['node_modules', 'apps/tenant-service/dist', 'libs/config/node_modules/x', '.stack/kafka']) expect({ path, ignored: dockerIgnored(path) }).toEqual({ path, ignored: true });
  });
});

describe('docker/entrypoint.js (the image entry point, run for real)', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await ScratchDatabase.create('anpi_test_image_migrate');
  });
  afterAll(async () => {
    await database?.drop();
  });

  function entrypoint(service: string, command: string[], overrides: Record<string, string> = {}) {
    const env = { PATH: process.env.PATH ?? '', ...localServiceEnvironment('tenant-service'), ANPI_SERVICE: service, ...overrides };
    return spawnSync(process.execPath, [resolve(repositoryRoot, 'docker/entrypoint.js'), ...command], { env, encoding: 'utf8', timeout: 60_000 });
  }

  it('"migrate" applies the service migrations and exits 0', async () => {
    const result = entrypoint('tenant-service', ['migrate'], { DB_NAME: database.name, DB_MIGRATION_USER: 'postgres', DB_MIGRATION_PASSWORD: '' });
    expect({ status: result.status, stderr: result.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    const dataSource = database.dataSource();
    await dataSource.initialize();
    try {
      const [{ count }] = (await dataSource.query('SELECT count(*)::int AS count FROM schema_migrations')) as { count: number }[];
      expect(count).toBeGreaterThan(0);
      const tables = (await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as { tablename: string }[];
      expect(tables.map((table) => table.tablename)).toEqual(expect.arrayContaining(['tenants', 'outbox', 'inbox']));
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses an unknown command or service with exit code 64', () => {
    const unknownCommand = entrypoint('tenant-service', ['seed']);
    expect(unknownCommand.status).toBe(64);
    expect(unknownCommand.stderr).toContain('unknown command "seed"');
    expect(entrypoint('../../etc', ['serve']).status).toBe(64);
  });
});

describe('docker/console.Dockerfile and docker/compose.yaml', () => {
  it('serves the console with health endpoints from files that exist', () => {
    const list = instructions('docker/console.Dockerfile');
    for (const copy of copies(list, 'console').filter((candidate) => !candidate.from && candidate.sources[0] !== '.')) {
      for (const source of copy.sources) expect(existsSync(resolve(repositoryRoot, source))).toBe(true);
    }
    const nginx = readFileSync(resolve(repositoryRoot, 'docker/console-nginx.conf'), 'utf8');
    expect(nginx).toContain('location = /health/live');
    expect(nginx).toContain('location = /health/ready');
    expect(nginx).toContain('listen 8080');
  });

  it('runs each service after its migrations, locked down, with databases the init script creates', () => {
    const compose = parse(readFileSync(resolve(repositoryRoot, 'docker/compose.yaml'), 'utf8'), { merge: true }) as {
      services: Record<string, { build?: { args?: { SERVICE?: string } }; command?: string[]; read_only?: boolean; cap_drop?: string[]; env_file?: string; environment?: Record<string, string>; depends_on?: Record<string, unknown> }>;
    };
    const init = readFileSync(resolve(repositoryRoot, 'docker/postgres-init.sql'), 'utf8');
    const built = Object.entries(compose.services).filter(([, definition]) => definition.build?.args?.SERVICE);
    expect([...new Set(built.map(([, definition]) => definition.build!.args!.SERVICE))].sort()).toEqual([...services].sort());
    for (const [name, definition] of built) {
      expect({ name, read_only: definition.read_only, cap_drop: definition.cap_drop }).toEqual({ name, read_only: true, cap_drop: ['ALL'] });
      expect(existsSync(resolve(repositoryRoot, 'docker', definition.env_file!))).toBe(true);
      expect(init).toContain(`CREATE DATABASE ${definition.environment!.DB_NAME} OWNER ${definition.environment!.DB_MIGRATION_USER};`);
      if (name.endsWith('-migrate')) expect(definition.command).toEqual(['migrate']);
      else expect(definition.depends_on).toEqual({ [`${name}-migrate`]: { condition: 'service_completed_successfully' } });
    }
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['postgres', 'kafka', 'console', 'gateway']));
  });
});
