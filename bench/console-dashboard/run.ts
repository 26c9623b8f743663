/**
 * Console benchmark: (1) the first screen's download, gzipped, after `vite build`; (2) the live
 * dashboard of one alert with 50,000 recipients in Debian's chromium — time until every
 * non-responder is loaded into the virtualised table, rows in the DOM, and frame times while
 * scrolling that table and while the live counters update. See bench/console-dashboard/README.md.
 *
 *   node -r @swc-node/register bench/console-dashboard/run.ts [--recipients 50000] [--scroll-seconds 5]
 *
 * The API behind the console is a synthetic one (this measures the browser side, not the
 * services): the built console, served by its real gateway, talks to an in-process HTTP server
 * that answers the same paths with generated data and pushes a new live summary every 500 ms.
 * Exit code: 0 ok; 1 a figure missed its aim; 2 bad arguments; 3 any other error.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startConsoleGateway } = require(path.join(root, 'apps/console/gateway/console-gateway.js')) as {
  startConsoleGateway: (options: { port: number; upstreams: Record<string, { host: string; port: number }> }) => Promise<Server>;
};

const FIRST_SCREEN_AIM_BYTES = 300 * 1024;
const FRAME_AIM_MS = 50;

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
    console.error(`--${name} needs a whole number 1–1,000,000`);
    process.exit(2);
  }
  return value;
}

const recipients = argument('recipients', 50_000);
const scrollSeconds = argument('scroll-seconds', 5);
const alertId = '7d8f6a0e-2b4c-4c1e-9a57-2d1f4b8b9e10';
const departments = Array.from({ length: 200 }, (_, index) => ({ id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`, name: `部署 ${index + 1}`, parentId: index < 10 ? null : `00000000-0000-4000-8000-${String(index % 10).padStart(12, '0')}` }));

/** First screen = index.html and what it loads before any lazy chunk: the entry script and the stylesheet. */
function firstScreenBytes(): { files: string[]; raw: number; gzipped: number } {
  const dist = path.join(root, 'apps/console/dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((match) => match[1]);
  const files = ['index.html', ...referenced];
  const contents = files.map((file) => readFileSync(path.join(dist, file)));
  return { files, raw: contents.reduce((sum, content) => sum + content.length, 0), gzipped: contents.reduce((sum, content) => sum + gzipSync(content, { level: 9 }).length, 0) };
}

function syntheticApi(): Server {
  let responded = 0;
  const started = Date.now();
  const summary = () => ({
    alertId,
    recipients,
    responded,
    responseRate: responded / recipients,
    answers: { safety: { safe: Math.round(responded * 0.9), minor_injury: responded - Math.round(responded * 0.9) } },
    timeline: Array.from({ length: Math.floor((Date.now() - started) / 10_000) + 1 }, (_, index) => ({ secondsSinceOpen: (index + 1) * 10, responded: Math.min(responded, (index + 1) * 500) })),
    medianSecondsToAnswer: 120,
  });
  const row = () => ({ recipients: 250, responded: 100, responseRate: 0.4, answers: { safety: { safe: 95, minor_injury: 5 } } });
  const breakdown = () => ({
    alertId,
    departments: departments.map((department) => ({ ...row(), departmentId: department.id, parentId: department.parentId, name: department.name })),
    workPrefectures: Array.from({ length: 47 }, (_, index) => ({ ...row(), prefecture: String(index + 1).padStart(2, '0') })),
    homePrefectures: [],
  });
  const json = (response: ServerResponse, body: unknown) => (response.writeHead(200, { 'content-type': 'application/json' }), response.end(JSON.stringify(body)));
  const stream = (request: IncomingMessage, response: ServerResponse, event: string, data: () => unknown) => {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = () => response.write(`event: ${event}\ndata: ${JSON.stringify(data())}\n\n`);
    send();
    const timer = setInterval(() => ((responded = Math.min(recipients, responded + 37)), send()), 500);
    request.on('close', () => clearInterval(timer));
  };
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://api');
    if (url.pathname === '/v1/sessions/current') return json(response, { tenantId: 't', userId: 'u', role: 'owner', departmentIds: [] });
    if (url.pathname === `/v1/alerts/${alertId}/live`) return stream(request, response, 'summary', summary);
    if (url.pathname === `/v1/alerts/${alertId}/breakdown/live`) return stream(request, response, 'breakdown', breakdown);
    if (url.pathname === `/v1/alerts/${alertId}/board`) return json(response, { items: [] });
    if (url.pathname === `/v1/alerts/${alertId}/non-responders`) {
      const after = Number(url.searchParams.get('after')?.slice(-12) ?? -1);
      const limit = Number(url.searchParams.get('limit') ?? 200);
      const items = Array.from({ length: Math.max(0, Math.min(limit, recipients - after - 1)) }, (_, index) => {
        const number = after + 1 + index;
        return { recipientId: `00000000-0000-4000-9000-${String(number).padStart(12, '0')}`, employeeNumber: `E${String(number).padStart(6, '0')}`, departmentIds: [departments[number % 200].id], workPrefecture: String((number % 47) + 1).padStart(2, '0'), homePrefecture: null };
      });
      return json(response, { items, next: items.length === limit ? items[items.length - 1].recipientId : null });
    }
    if (url.pathname === `/v1/alerts/${alertId}`) {
      return json(response, { id: alertId, state: 'open', title: '宮城県で震度6強（ベンチマーク）', message: '安否を回答してください。', questions: [{ id: 'safety', kind: 'choice', label: { ja: 'あなたの安否', en: 'Are you safe?' }, choices: [{ id: 'safe', label: { ja: '無事', en: 'Safe' } }, { id: 'minor_injury', label: { ja: '軽傷', en: 'Minor injury' } }] }], target: { kind: 'all' }, channels: ['email'], drill: false, createdAt: new Date(started).toISOString(), closesAt: new Date(started + 3_600_000).toISOString(), progress: { sent: recipients }, responded, rounds: 1 });
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'not in the benchmark API' }));
  });
}

/** Frame times (ms) in the page over `seconds`, while `action` runs each frame. */
const frameProbe = (seconds: number, action: string) => `new Promise((resolve) => {
  const times = []; let last = performance.now(); const end = last + ${seconds * 1000};
  const frame = (now) => { times.push(now - last); last = now; ${action}; if (now < end) requestAnimationFrame(frame); else resolve(times); };
  requestAnimationFrame(frame);
})`;

const percentile = (values: number[], p: number) => Math.round([...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] * 10) / 10;

async function main(): Promise<void> {
  execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  const bundle = firstScreenBytes();
  const api = syntheticApi();
  await new Promise<void>((resolve) => api.listen(3790, '127.0.0.1', resolve));
  const upstream = { host: '127.0.0.1', port: 3790 };
  const gateway = await startConsoleGateway({ port: 3791, upstreams: { 'tenant-service': upstream, 'auth-service': upstream, 'alert-dispatch-service': upstream, 'response-collection-service': upstream } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(`sessionStorage.setItem('anpi.session', JSON.stringify({ accessToken: 'bench', refreshToken: 'bench', tenant: 'bench' }))`);
    const opened = Date.now();
    await page.goto(`http://127.0.0.1:3791/alerts/${alertId}`);
    await page.getByTestId('recipients').filter({ hasText: recipients.toLocaleString('ja') }).waitFor({ timeout: 60_000 });
    const firstCounts = Date.now() - opened;
    await page.getByTestId('non-responder-count').filter({ hasText: `${recipients.toLocaleString('ja')} 名` }).waitFor({ timeout: 120_000 });
    const allLoaded = Date.now() - opened;
    const domRows = await page.locator('[aria-label="未回答"] [role=row]').count();
    const scrolling = (await page.evaluate(frameProbe(scrollSeconds, `document.querySelector('[aria-label="未回答"] .virtual-body').scrollTop += 400`))) as number[];
    const idle = (await page.evaluate(frameProbe(scrollSeconds, ''))) as number[];
    const heapMb = ((await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number) / 1024 / 1024;
    const figures = {
      date: new Date().toISOString(),
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${execFileSync('/usr/bin/chromium', ['--version']).toString().trim()}`,
      firstScreen: { files: bundle.files, rawBytes: bundle.raw, gzippedBytes: bundle.gzipped, aimBytes: FIRST_SCREEN_AIM_BYTES },
      dashboard: {
        recipients,
        msToFirstCounts: firstCounts,
        msToAllNonRespondersLoaded: allLoaded,
        rowsInDom: domRows,
        scrollFrameMs: { median: percentile(scrolling, 50), p95: percentile(scrolling, 95), max: Math.round(Math.max(...scrolling)), frames: scrolling.length },
        liveUpdateFrameMs: { median: percentile(idle, 50), p95: percentile(idle, 95), max: Math.round(Math.max(...idle)), frames: idle.length },
        jsHeapMb: Math.round(heapMb),
      },
    };
    console.log(JSON.stringify(figures, null, 2));
    const met = bundle.gzipped < FIRST_SCREEN_AIM_BYTES && percentile(scrolling, 95) <= FRAME_AIM_MS;
    console.log(met ? 'aims met: first screen < 300 KB gzipped, p95 frame while scrolling ≤ 50 ms' : 'AIM MISSED');
    process.exitCode = met ? 0 : 1;
  } finally {
    await browser.close();
    gateway.closeAllConnections();
    gateway.close();
    api.closeAllConnections();
    api.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});

