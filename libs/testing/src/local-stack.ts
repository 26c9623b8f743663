import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

export const repositoryRoot = resolve(__dirname, '../../..');

/** The services of the local stack, their database prefix in scripts/local.env, and their port. */
export const localServices = {
  'tenant-service': { databasePrefix: 'TENANT', port: 3001 },
  'auth-service': { databasePrefix: 'AUTH', port: 3002 },
  'alert-dispatch-service': { databasePrefix: 'DISPATCH', port: 3003 },
  'response-collection-service': { databasePrefix: 'RESPONSE', port: 3004 },
} as const;

export type LocalServiceName = keyof typeof localServices;

/** scripts/local.env, the one file that says where the local stack listens. */
export function readLocalStackSettings(): Record<string, string> {
  const text = readFileSync(resolve(repositoryRoot, 'scripts/local.env'), 'utf8');
  const settings: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) settings[match[1]] = match[2];
  }
  return settings;
}

const perServiceDatabaseSetting = /^(TENANT|AUTH|DISPATCH|RESPONSE)_DB(_|$)/;

/**
 * The environment one service gets on the local stack (what a Helm chart sets in a cluster):
 * every shared setting of scripts/local.env as it is, plus this service's own database
 * settings (`<PREFIX>_DB…`) under the generic names the services read (`DB_NAME`, `DB_USER`…).
 */
export function localServiceEnvironment(service: LocalServiceName, overrides: Record<string, string> = {}): Record<string, string> {
  const settings = readLocalStackSettings();
  const { databasePrefix, port } = localServices[service];
  const pick = (name: string) => {
    const value = settings[name];
    if (value === undefined) throw new Error(`scripts/local.env has no ${name}`);
    return value;
  };
  const shared = Object.fromEntries(Object.entries(settings).filter(([name]) => !perServiceDatabaseSetting.test(name)));
  const environment: Record<string, string> = {
    NODE_ENV: 'development',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'info',
    ...shared,
    DB_NAME: pick(`${databasePrefix}_DB`),
    DB_USER: pick(`${databasePrefix}_DB_APP_USER`),
    DB_PASSWORD: pick(`${databasePrefix}_DB_APP_PASSWORD`),
    DB_MIGRATION_USER: pick(`${databasePrefix}_DB_OWNER_USER`),
    DB_MIGRATION_PASSWORD: pick(`${databasePrefix}_DB_OWNER_PASSWORD`),
    ...overrides,
  };
  // Every process gets its own gRPC port next to its HTTP port (3001 → 23001), so a test's
  // tenant-service never collides with another one on the machine.
  return { GRPC_URL: `127.0.0.1:${20_000 + Number(environment.HTTP_PORT)}`, ...environment };
}

const run = promisify(execFile);

/** Drives scripts/stack (e.g. `stack('stop', 'kafka')` in an outage test). */
export async function stack(...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [resolve(repositoryRoot, 'scripts/stack'), ...args], { timeout: 180_000 });
  return stdout;
}
