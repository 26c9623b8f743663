import { ensureAnpiTopics, MailCatcher, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { newTenantRequest } from './system';

/** The LINE Messaging API on loopback: accepts every push (200) and keeps what it got. */
class LineApiRecorder {
  readonly pushes: { headers: IncomingHttpHeaders; body: { to: string; messages: { type: string; text: string }[] } }[] = [];
  private server: Server | undefined;

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  listen(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.method === 'POST' && request.url === '/v2/bot/message/push') {
          this.pushes.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sentMessages: [{ id: String(this.pushes.length) }] }));
          return;
        }
        response.writeHead(404).end();
      });
    });
    return new Promise((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A person's LINE user id, from the admin's directory to their phone: entered in tenant-service
 * (kept sealed), carried sealed by employee.upserted over the real broker into dispatch's own
 * projection, and used by the LINE channel. Someone without LINE is reached by the next channel
 * in the alert's order. A changed id takes effect for the next round.
 */
describe("a directory's LINE user ids reach dispatch and the LINE channel", () => {
  const mail = new MailCatcher(2628);
  const tokens = new TokenIssuer(3159);
  const lineApi = new LineApiRecorder();
  const lineToken = 'line-channel-access-token-0123456789';
  let tenant: ServiceProcess;
  let dispatch: ServiceProcess;

  beforeAll(async () => {
    await ensureAnpiTopics();
    await Promise.all([mail.start(), tokens.start(), lineApi.listen()]);
    tenant = new ServiceProcess('tenant-service', 3151, tokens.serviceEnvironment);
    // Plain http to providers: the LINE API here is the test's, on 127.0.0.1.
    dispatch = new ServiceProcess('alert-dispatch-service', 3153, { SMTP_HOST: '127.0.0.1', SMTP_PORT: '2628', CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true', ...tokens.serviceEnvironment });
    await Promise.all([tenant.start(), dispatch.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([tenant?.stop(), dispatch?.stop(), lineApi.close()]);
    await tokens.stop();
    await mail.stop();
  }, 60_000);

  it('pushes over LINE to the id the admin entered, falls back to e-mail for someone without one, and follows a change', async () => {
    const signUp = await fetch(`${tenant.baseUrl}/v1/tenants/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newTenantRequest({ allowPlainHttpAnswerLinks: false })),
    });
    expect(signUp.status).toBe(201);
    const tenantId = ((await signUp.json()) as { id: string }).id;
    const admin = await tokens.token(tenantId, 'admin');
    const call = (service: ServiceProcess, method: string, path: string, body?: unknown) =>
      fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const run = tenantId.slice(0, 8);
    const onLine = { lineUserId: `U${randomUUID().replace(/-/g, '')}`, email: `line-${run}@example.test` };
    const withoutLine = { email: `mail-${run}@example.test` };
    const hired = await Promise.all([
      call(tenant, 'POST', '/v1/directory/employees', { employeeNumber: 'L1', nameKanji: '線 花子', nameKana: 'セン ハナコ', workPrefecture: '04', companyEmail: onLine.email, lineUserId: onLine.lineUserId }),
      call(tenant, 'POST', '/v1/directory/employees', { employeeNumber: 'M1', nameKanji: '便 太郎', nameKana: 'ビン タロウ', workPrefecture: '04', companyEmail: withoutLine.email }),
    ]);
    expect(hired.map((response) => response.status)).toEqual([201, 201]);
    const hanakoId = ((await hired[0].json()) as { id: string }).id;

    const lineSettings = await call(dispatch, 'PUT', '/v1/channel-settings/line', { baseUrl: lineApi.baseUrl, channelAccessToken: lineToken });
    expect(lineSettings.status).toBe(200);
    await waitFor(
      async () => {
        const response = await call(dispatch, 'POST', '/v1/alerts/recipient-count', { target: { kind: 'all' } });
        return response.status === 200 && ((await response.json()) as { count: number }).count === 2;
      },
      { timeoutMs: 60_000, what: "dispatch's projection to hold both employees (employee.upserted from tenant-service)" },
    );

    const created = await call(dispatch, 'POST', '/v1/alerts', { title: '宮城県で震度6強', message: '安否を回答してください。', target: { kind: 'all' }, channels: ['line', 'email'] });
    expect(created.status).toBe(201);
    const alertId = ((await created.json()) as { id: string }).id;

    await waitFor(() => lineApi.pushes.length > 0 && mail.mailsTo(withoutLine.email).length > 0, { timeoutMs: 60_000, what: 'a LINE push to Hanako and an e-mail to Taro' });
    expect(lineApi.pushes).toHaveLength(1);
    const [push] = lineApi.pushes;
    expect(push.headers.authorization).toBe(`Bearer ${lineToken}`);
    expect(push.body.to).toBe(onLine.lineUserId);
    expect(push.body.messages[0].text).toContain('宮城県で震度6強');
    expect(push.body.messages[0].text).toMatch(/https:\/\/[^\s]+\/a\/[A-Za-z0-9_-]{43}/);
    expect(mail.mailsTo(onLine.email)).toEqual([]);

    // Hanako's phone changed: the admin enters her new LINE id; the next round goes there.
    const newLineUserId = `U${randomUUID().replace(/-/g, '')}`;
    expect((await call(tenant, 'PATCH', `/v1/directory/employees/${hanakoId}`, { lineUserId: newLineUserId })).status).toBe(200);
    const resent = await waitFor(
      async () => {
        const before = lineApi.pushes.length;
        if ((await call(dispatch, 'POST', `/v1/alerts/${alertId}/resend`)).status !== 202) return undefined;
        const latest = await waitFor(() => (lineApi.pushes.length > before ? lineApi.pushes.at(-1) : undefined), { timeoutMs: 20_000, what: 'the re-send over LINE' });
        return latest.body.to === newLineUserId ? latest : undefined;
      },
      { timeoutMs: 90_000, what: "a re-send to Hanako's new LINE id (employee.upserted reaching dispatch)" },
    );
    expect(resent.body.messages[0].text).toContain('【再送】');
  });
});
