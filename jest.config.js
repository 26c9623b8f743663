/**
 * Three kinds of tests, run in this order by `npm test` (scripts/test-all):
 *  - unit: `*.spec.ts` next to the code; fakes allowed, no network.
 *  - integration: `*.int-spec.ts` under apps/<service>/test and libs/<lib>/test; the real
 *    PostgreSQL and the real Kafka broker of the local stack (scripts/stack), never fakes.
 *  - deploy: charts/, k8s/, docker/ — the Helm chart, manifests and images checked offline
 *    (helm lint/template, Kubernetes schemas, policies, promtool, metric names).
 *  - browser: apps/console/test — the console in Debian's chromium via playwright-core,
 *    against the real services.
 *  - system: apps/system-e2e, the services as real processes, outages included.
 *  - ha: apps/ha-e2e — a Patroni/etcd/HAProxy PostgreSQL pair of its own, failover and
 *    point-in-time recovery under load.
 * Select one with `npx jest <paths> --selectProjects <name>` (paths first: the option takes
 * several names).
 * TypeScript is compiled by SWC (with decorator metadata, which NestJS needs); imports of
 * @anpi/<lib> resolve to the library's source, so tests never need a build.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@anpi/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' },
  modulePathIgnorePatterns: ['<rootDir>/apps/.*/dist', '<rootDir>/libs/.*/dist'],
};

module.exports = {
  // Global option (Jest reads it from the root only): integration tests wait on real brokers.
  testTimeout: 120_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts', '<rootDir>/scripts/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/*/test/**/*.int-spec.ts', '<rootDir>/libs/*/test/**/*.int-spec.ts'],
      // The console's tests belong to the browser project, the e2e apps to system and ha.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/console/', '<rootDir>/apps/system-e2e/', '<rootDir>/apps/ha-e2e/'],
      slowTestThreshold: 30,
    },
    {
      ...common,
      displayName: 'deploy',
      testMatch: ['<rootDir>/{charts,k8s,docker}/test/**/*.int-spec.ts'],
      slowTestThreshold: 60,
    },
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/apps/console/test/**/*.int-spec.ts'],
      slowTestThreshold: 60,
    },
    {
      // The four services as processes on fixed ports; some tests stop the broker and the
      // database. Only scripts/test-all runs this project, after everything else.
      ...common,
      displayName: 'system',
      testMatch: ['<rootDir>/apps/system-e2e/test/**/*.int-spec.ts'],
      slowTestThreshold: 60,
    },
    {
      // A replicated PostgreSQL of its own (scripts/ha-stack); kills its primary on purpose.
      ...common,
      displayName: 'ha',
      testMatch: ['<rootDir>/apps/ha-e2e/test/**/*.int-spec.ts'],
      slowTestThreshold: 120,
    },
  ],
};
