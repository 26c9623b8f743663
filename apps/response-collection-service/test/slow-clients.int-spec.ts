import { ServiceProcess } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import { newAnswerToken, responseDatabase, safetyQuestions } from './support/response-fixture';

const HEADERS_TIMEOUT_MS = 2_000;
const REQUEST_TIMEOUT_MS = 3_000;
/** Node checks the limits once a second; allow that and a little scheduling slack. */
const CUT_OFF_BOUND_MS = REQUEST_TIMEOUT_MS + 1_000 + 1_500;

interface SlowClient {
  socket: Socket;
  /** What the server sent, and when the socket closed (ms after opening). */
  result: Promise<{ reply: string; closedAfterMs: number }>;
  stop(): void;
}

/** A raw socket that sends `opening` and then one more `drip` every 500 ms until closed. */
function slowClient(port: number, opening: string, drip: string | null): SlowClient {
  const socket = connect(port, '127.0.0.1');
  const openedAt = Date.now();
  let reply = '';
  socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  socket.write(opening);
  const timer = drip === null ? undefined : setInterval(() => socket.writable && socket.write(drip), 500);
  const result = new Promise<{ reply: string; closedAfterMs: number }>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ reply, closedAfterMs: Date.now() - openedAt });
    }),
  );
  return { socket, result, stop: () => (clearInterval(timer), socket.destroy()) };
}

/**
 * Slow-loris: clients that trickle headers or a body, or say nothing at all, are cut off with
 * 408 once the limits pass, and while a crowd of them hangs on, phones still get their page.
 */
describe('slow clients (real process, raw sockets)', () => {
  const service = new ServiceProcess('response-collection-service', 3148, { HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS), HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
  const dataSource = responseDatabase();
  const tenantId = randomUUID();
  const alertId = randomUUID();
  const recipientId = randomUUID();
  const link = newAnswerToken();
  const clients: SlowClient[] = [];

  beforeAll(async () => {
    await dataSource.initialize();
    await dataSource.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'T', 'ja', 'Asia/Tokyo', true)`, [tenantId]);
    await dataSource.query(`INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at) VALUES ($1, $2, '安否確認', '回答してください', $3, false, $4)`, [
      alertId,
      tenantId,
      JSON.stringify(safetyQuestions),
      new Date(Date.now() + 3_600_000),
    ]);
    await dataSource.query('INSERT INTO answer_links VALUES ($1, $2, $3, $4, $5)', [link.tokenHash, tenantId, alertId, recipientId, new Date(Date.now() + 3_600_000)]);
    await service.start();
  }, 90_000);

  afterAll(async () => {
    for (const client of clients) client.stop();
    await service.stop();
    for (const table of ['answers', 'answer_links', 'alert_projections']) await dataSource.query(`DELETE FROM ${table} WHERE alert_id = $1`, [alertId]);
    await dataSource.query('DELETE FROM known_tenants WHERE tenant_id = $1', [tenantId]);
    await dataSource.destroy();
  });

  it('serves phones while 200 clients trickle their headers, then cuts those clients off with 408', async () => {
    for (let index = 0; index < 200; index++) {
      clients.push(slowClient(service.port, `GET /a/${link.token} HTTP/1.1\r\nHost: localhost\r\n`, `X-Padding-${index}: a\r\n`));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const startedAt = Date.now();
    const page = await fetch(`${service.baseUrl}/a/${link.token}`, { signal: AbortSignal.timeout(5_000) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('安否確認');
    expect(Date.now() - startedAt).toBeLessThan(1_000);

    const results = await Promise.all(clients.map((client) => client.result));
    for (const { reply, closedAfterMs } of results) {
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(closedAfterMs).toBeLessThan(CUT_OFF_BOUND_MS);
    }
  }, 30_000);

  it('cuts off a client that trickles its body, and stores nothing', async () => {
    const body = 'safety=safe&comment=' + 'x'.repeat(80);
    const client = slowClient(
      service.port,
      `POST /a/${link.token} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      'x',
    );
    clients.push(client);
    const { reply, closedAfterMs } = await client.result;
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(CUT_OFF_BOUND_MS);
    expect(await dataSource.query('SELECT 1 FROM answers WHERE alert_id = $1', [alertId])).toHaveLength(0);
  }, 30_000);

  it('closes a connection that never sends a request', async () => {
    const client = slowClient(service.port, '', null);
    clients.push(client);
    const { closedAfterMs } = await client.result;
    expect(closedAfterMs).toBeLessThan(CUT_OFF_BOUND_MS);
  }, 30_000);
});
