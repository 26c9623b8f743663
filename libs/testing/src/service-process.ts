import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { LocalServiceName, localServiceEnvironment, repositoryRoot } from './local-stack';
import { waitFor } from './wait-for';

/**
 * One service running as a real process from its build output, as in production: the
 * tests talk to it over HTTP and through the real broker, and can SIGTERM or SIGKILL it.
 * Its JSON log goes to .stack/test-logs/<service>-<port>.log.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> | undefined;

  constructor(
    readonly service: LocalServiceName,
    readonly port: number,
    private readonly overrides: Record<string, string> = {},
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start({ waitUntilReady = true } = {}): Promise<this> {
    const logDirectory = resolve(repositoryRoot, '.stack/test-logs');
    mkdirSync(logDirectory, { recursive: true });
    const log = createWriteStream(resolve(logDirectory, `${this.service}-${this.port}.log`), { flags: 'a' });
    const env = { PATH: process.env.PATH ?? '', ...localServiceEnvironment(this.service, { HTTP_PORT: String(this.port), HTTP_HOST: '127.0.0.1', ...this.overrides }) };
    this.child = spawn(process.execPath, [resolve(repositoryRoot, `apps/${this.service}/dist/main.js`)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.pipe(log);
    this.child.stderr?.pipe(log);
    this.exited = new Promise((resolveExit) => this.child!.once('exit', (code) => resolveExit(code)));
    if (waitUntilReady) {
      await waitFor(async () => (await this.readiness()) === 200, { timeoutMs: 60_000, intervalMs: 250, what: `${this.service} ready` });
    }
    return this;
  }

  /** HTTP status of /health/ready, or 0 when nothing answers. */
  async readiness(): Promise<number> {
    try {
      const response = await fetch(`${this.baseUrl}/health/ready`, { signal: AbortSignal.timeout(4_000) });
      return response.status;
    } catch {
      return 0;
    }
  }

  /** Sends a signal and resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    if (!this.child || this.child.exitCode !== null) return this.child?.exitCode ?? null;
    this.child.kill(signal);
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${this.service} did not exit within ${timeoutMs} ms`)), timeoutMs).unref());
    return Promise.race([this.exited!, timeout]);
  }
}

/** Runs a service entry point to completion (e.g. with bad config) and returns what it printed. */
export async function runServiceToExit(
  service: LocalServiceName,
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [resolve(repositoryRoot, `apps/${service}/dist/main.js`)], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  clearTimeout(timer);
  return { code, stdout, stderr };
}
