/**
 * What the HTTP stack alone costs on this machine: the same form POST answered with the same
 * 3 KB page and no database, served by plain node:http, by Fastify, by Nest on Fastify, and by
 * Nest with Anpi's observability exactly as every service runs it (request id and context,
 * metrics, access log). Each server gets the same closed-loop load as the answers benchmark
 * (keep-alive connections from a Node client on the same machine), one after the other.
 *
 *   node -r @swc-node/register bench/http-ceiling/run.ts --seconds 10 --connections 64
 *
 * Prints JSON: requests/s and latency per stack. The answers benchmark can never go above the
 * last figure, whatever the database does: it is the ceiling of a service's HTTP path here.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { createHistogram } from 'node:perf_hooks';
import { stacks } from './server';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const PORT = 3181;
const body = 'safety=safe&comment=%E7%84%A1%E4%BA%8B&revision=0';

function start(stack: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', `${__dirname}/server.ts`, stack, String(PORT)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve(child));
    child.once('exit', (code) => reject(new Error(`${stack} server exited with ${code}`)));
  });
}

function post(agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(
      { agent, port: PORT, host: '127.0.0.1', method: 'POST', path: `/a/${Math.random().toString(36).slice(2)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
      (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0)),
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

async function load(seconds: number, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latency = createHistogram();
  let ok = 0;
  let failed = 0;
  const end = Date.now() + seconds * 1_000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const started = process.hrtime.bigint();
        const status = await post(agent);
        latency.record(process.hrtime.bigint() - started);
        if (status === 200) ok++;
        else failed++;
      }
    }),
  );
  agent.destroy();
  const ms = (percentile: number) => Math.round(latency.percentile(percentile) / 1e4) / 100;
  return { requestsPerSecond: Math.round(ok / seconds), failed, latencyMs: { p50: ms(50), p99: ms(99) } };
}

async function main() {
  const seconds = argument('seconds', 10);
  const connections = argument('connections', 64);
  if (!(seconds > 0 && seconds <= 120 && connections > 0 && connections <= 1_000)) {
    console.error('--seconds 1..120, --connections 1..1000');
    process.exit(2);
  }
  const results: Record<string, unknown> = {};
  for (const stack of stacks) {
    const server = await start(stack);
    try {
      await load(2, connections); // warm-up: JIT and connection set-up out of the figure
      results[stack] = await load(seconds, connections);
    } finally {
      server.kill('SIGKILL');
    }
  }
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100) };
  console.log(JSON.stringify({ date: new Date().toISOString(), machine, seconds, connections, results }, null, 2));
  if (Object.values(results).some((result) => (result as { failed: number }).failed > 0)) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
