#!/usr/bin/env node
/**
 * Runs the four services on the local stack from their build output.
 *   node scripts/local-services.js migrate   apply every service's migrations (owner role)
 *   node scripts/local-services.js start     start the services in the background, wait until ready
 *   node scripts/local-services.js seed      create the demo tenant (idempotent)
 *   node scripts/local-services.js stop      SIGTERM the services and wait
 *   node scripts/local-services.js status
 * Environment per service comes from libs/testing (localServiceEnvironment), which reads
 * scripts/local.env — the same settings the integration tests use.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { localServices, localServiceEnvironment, repositoryRoot, waitFor } = require('../libs/testing/dist');

const runDirectory = path.join(repositoryRoot, '.stack/services');
const services = Object.keys(localServices);
const pidFile = (service) => path.join(runDirectory, `${service}.pid`);
const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const runningPid = (service) => {
  const pid = Number(fs.existsSync(pidFile(service)) ? fs.readFileSync(pidFile(service), 'utf8') : 0);
  return pid > 0 && isAlive(pid) ? pid : undefined;
};
const serviceEnv = (service) => ({ PATH: process.env.PATH, ...localServiceEnvironment(service) });

function migrate() {
  for (const service of services) {
    const result = spawnSync(process.execPath, [path.join(repositoryRoot, `apps/${service}/dist/migrate.js`)], { env: serviceEnv(service), stdio: 'inherit' });
    if (result.status !== 0) {
      console.error(`[services] migrations of ${service} failed`);
      process.exit(1);
    }
  }
}

async function start() {
  fs.mkdirSync(runDirectory, { recursive: true });
  for (const service of services) {
    if (runningPid(service)) {
      console.log(`[services] ${service} already running`);
      continue;
    }
    const log = fs.openSync(path.join(runDirectory, `${service}.log`), 'a');
    const child = spawn(process.execPath, [path.join(repositoryRoot, `apps/${service}/dist/main.js`)], {
      env: serviceEnv(service),
      detached: true,
      stdio: ['ignore', log, log],
    });
    fs.writeFileSync(pidFile(service), String(child.pid));
    child.unref();
  }
  for (const service of services) {
    const url = `http://127.0.0.1:${localServices[service].port}/health/ready`;
    await waitFor(async () => (await fetch(url)).status === 200, { timeoutMs: 90_000, intervalMs: 500, what: `${service} ready (log: .stack/services/${service}.log)` });
    console.log(`[services] ${service} ready on http://127.0.0.1:${localServices[service].port}`);
  }
}

async function stop() {
  for (const service of services) {
    const pid = runningPid(service);
    if (!pid) continue;
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !isAlive(pid), { timeoutMs: 30_000, what: `${service} to exit` }).catch(() => process.kill(pid, 'SIGKILL'));
    fs.rmSync(pidFile(service), { force: true });
    console.log(`[services] ${service} stopped`);
  }
}

function status() {
  let allUp = true;
  for (const service of services) {
    const pid = runningPid(service);
    allUp &&= Boolean(pid);
    console.log(`[services] ${service.padEnd(28)} ${pid ? `up (pid ${pid}, port ${localServices[service].port})` : 'down'}`);
  }
  process.exitCode = allUp ? 0 : 1;
}

/** The demo tenant: the same Idempotency-Key every time, so seeding twice creates it once. */
async function seed() {
  const response = await fetch(`http://127.0.0.1:${localServices['tenant-service'].port}/v1/tenants/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'demo-tenant-seed-v1' },
    body: JSON.stringify({
      slug: 'demo',
      displayName: 'Anpi デモ株式会社',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: true,
      owner: { email: 'owner@demo.anpi.example', displayName: '安否 太郎' },
    }),
  });
  const body = await response.json();
  if (response.status === 409) {
    console.log('[services] demo tenant already exists (slug "demo")');
    return;
  }
  if (!response.ok) throw new Error(`seeding the demo tenant failed: ${response.status} ${JSON.stringify(body)}`);
  console.log(`[services] demo tenant ${body.id} (${body.displayName}) ${response.status === 201 ? 'created' : 'already present'}`);
}

const commands = { migrate, start, stop, status, seed };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node scripts/local-services.js ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
Promise.resolve(command()).catch((error) => {
  console.error(`[services] ${error.message}`);
  process.exit(1);
});
