#!/usr/bin/env node
/**
 * Runs the four services on the local stack from their build output.
 *   node scripts/local-services.js migrate   apply every service's migrations (owner role)
 *   node scripts/local-services.js start     start the services in the background, wait until ready
 *   node scripts/local-services.js seed      create the demo company, its directory and a drill (idempotent)
 *   node scripts/local-services.js stop      SIGTERM the services and wait
 *   node scripts/local-services.js status
 * Environment per service comes from libs/testing (localServiceEnvironment), which reads
 * scripts/local.env — the same settings the integration tests use.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { localServices, localServiceEnvironment, repositoryRoot, waitFor } = require('../libs/testing/dist');
const { directoryMailbox, seedDemoTenant } = require('./demo-tenant');

const runDirectory = path.join(repositoryRoot, '.stack/services');
const services = Object.keys(localServices);
/** Background processes of the local stack: the mail catcher first (services send mail), then the services. */
const processes = {
  'mail-catcher': { script: 'scripts/mail-catcher.js', env: () => ({ PATH: process.env.PATH }) },
  ...Object.fromEntries(services.map((service) => [service, { script: `apps/${service}/dist/main.js`, env: () => serviceEnv(service) }])),
  // The web console (apps/console/dist) and the /api/<service> routes in front of the services.
  'console-gateway': { script: 'apps/console/gateway/main.js', env: () => ({ PATH: process.env.PATH, CONSOLE_PORT: '3000' }) },
};
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
  for (const [name, { script, env }] of Object.entries(processes)) {
    if (runningPid(name)) {
      console.log(`[services] ${name} already running`);
      continue;
    }
    const log = fs.openSync(path.join(runDirectory, `${name}.log`), 'a');
    const child = spawn(process.execPath, [path.join(repositoryRoot, script)], { env: env(), detached: true, stdio: ['ignore', log, log] });
    fs.writeFileSync(pidFile(name), String(child.pid));
    child.unref();
  }
  for (const service of services) {
    const url = `http://127.0.0.1:${localServices[service].port}/health/ready`;
    await waitFor(async () => (await fetch(url)).status === 200, { timeoutMs: 90_000, intervalMs: 500, what: `${service} ready (log: .stack/services/${service}.log)` });
    console.log(`[services] ${service} ready on http://127.0.0.1:${localServices[service].port}`);
  }
  await waitFor(async () => (await fetch('http://127.0.0.1:3000/')).status === 200, { timeoutMs: 30_000, intervalMs: 500, what: 'the console (log: .stack/services/console-gateway.log)' });
  console.log('[services] console ready on http://127.0.0.1:3000');
}

async function stop() {
  for (const service of ['console-gateway', ...services, 'mail-catcher']) {
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
  for (const service of Object.keys(processes)) {
    const pid = runningPid(service);
    allUp &&= Boolean(pid);
    const where = localServices[service] ? `, port ${localServices[service].port}` : '';
    console.log(`[services] ${service.padEnd(28)} ${pid ? `up (pid ${pid}${where})` : 'down'}`);
  }
  process.exitCode = allUp ? 0 : 1;
}

/** The demo company (scripts/demo-tenant.js) on the local stack, its mails read from .stack/mail/. */
async function seed() {
  const urls = Object.fromEntries(
    Object.entries({ tenant: 'tenant-service', auth: 'auth-service', dispatch: 'alert-dispatch-service', responses: 'response-collection-service' }).map(([name, service]) => [
      name,
      `http://127.0.0.1:${localServices[service].port}`,
    ]),
  );
  await seedDemoTenant({ urls, mailbox: directoryMailbox(path.join(repositoryRoot, '.stack/mail')) });
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
