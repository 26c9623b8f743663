import { ensureAnpiTopics, localServiceEnvironment, MailCatcher, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { LoopbackProvider } from './loopback-provider';
import { newTenantRequest } from './system';

type LineMessages = { messages: { type: string; text: string }[] };

/**
 * LINE, from the directory or from the person's own phone to their LINE app, on real processes
 * and the real broker. An admin enters a LINE user id in tenant-service (kept sealed), which
 * employee.upserted carries sealed into dispatch's own projection; someone without LINE is
 * reached by the alert's next channel; a changed id takes effect for the next round. Someone
 * links LINE themselves from their answer page: a LINE chat with a link code, which the
 * company's official account's webhook (signed, here: by the test as LINE would) brings back.
 * Deleting the person in the directory erases the link in dispatch too.
 */
describe("a directory's LINE user ids reach dispatch and the LINE channel", () => {
  const mail = new MailCatcher(2628);
  const tokens = new TokenIssuer(3159);
  // The LINE Messaging API: accepts every push and reply (a push whose answer names no sent message would be retried).
  const lineApi = new LoopbackProvider({ status: 200, json: { sentMessages: [{ id: 'L1' }] } });
  const pushes = () => lineApi.sentTo<LineMessages & { to: string }>('/v2/bot/message/push');
  const lineToken = 'line-channel-access-token-0123456789';
  const channelSecret = '0123456789abcdef0123456789abcdef';
  let tenant: ServiceProcess;
  let dispatch: ServiceProcess;
  let responses: ServiceProcess;
  let tenantId: string;
  let alertId: string;
  let call: (service: ServiceProcess, method: string, path: string, body?: unknown) => Promise<Response>;
  const withoutLine = { id: '', email: '' };

  beforeAll(async () => {
    await ensureAnpiTopics();
    await Promise.all([mail.start(), tokens.start(), lineApi.listen()]);
    tenant = new ServiceProcess('tenant-service', 3151, tokens.serviceEnvironment);
    // Plain http to providers: the LINE API here is the test's, on 127.0.0.1.
    dispatch = new ServiceProcess('alert-dispatch-service', 3153, { SMTP_HOST: '127.0.0.1', SMTP_PORT: '2628', CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true', ...tokens.serviceEnvironment });
    responses = new ServiceProcess('response-collection-service', 3154, { ...tokens.serviceEnvironment, DISPATCH_INTERNAL_URL: 'http://127.0.0.1:3153' });
    await Promise.all([tenant.start(), dispatch.start(), responses.start()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([tenant?.stop(), dispatch?.stop(), responses?.stop(), lineApi.close()]);
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
    tenantId = ((await signUp.json()) as { id: string }).id;
    const admin = await tokens.token(tenantId, 'admin');
    call = (service: ServiceProcess, method: string, path: string, body?: unknown) =>
      fetch(`${service.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    const run = tenantId.slice(0, 8);
    const onLine = { lineUserId: `U${randomUUID().replace(/-/g, '')}`, email: `line-${run}@example.test` };
    withoutLine.email = `mail-${run}@example.test`;
    const hired = await Promise.all([
      call(tenant, 'POST', '/v1/directory/employees', { employeeNumber: 'L1', nameKanji: '線 花子', nameKana: 'セン ハナコ', workPrefecture: '04', companyEmail: onLine.email, lineUserId: onLine.lineUserId }),
      call(tenant, 'POST', '/v1/directory/employees', { employeeNumber: 'M1', nameKanji: '便 太郎', nameKana: 'ビン タロウ', workPrefecture: '04', companyEmail: withoutLine.email }),
    ]);
    expect(hired.map((response) => response.status)).toEqual([201, 201]);
    const hanakoId = ((await hired[0].json()) as { id: string }).id;
    withoutLine.id = ((await hired[1].json()) as { id: string }).id;

    const lineSettings = await call(dispatch, 'PUT', '/v1/channel-settings/line', { baseUrl: lineApi.baseUrl, channelAccessToken: lineToken, channelSecret, officialAccountId: '@anpi-e2e' });
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
    alertId = ((await created.json()) as { id: string }).id;

    await waitFor(() => pushes().length > 0 && mail.mailsTo(withoutLine.email).length > 0, { timeoutMs: 60_000, what: 'a LINE push to Hanako and an e-mail to Taro' });
    expect(pushes()).toHaveLength(1);
    const [push] = pushes();
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
        const before = pushes().length;
        if ((await call(dispatch, 'POST', `/v1/alerts/${alertId}/resend`)).status !== 202) return undefined;
        const latest = await waitFor(() => (pushes().length > before ? pushes().at(-1) : undefined), { timeoutMs: 20_000, what: 'the re-send over LINE' });
        return latest.body.to === newLineUserId ? latest : undefined;
      },
      { timeoutMs: 90_000, what: "a re-send to Hanako's new LINE id (employee.upserted reaching dispatch)" },
    );
    expect(resent.body.messages[0].text).toContain('【再送】');
  });

  it('links LINE from the answer page: a chat with a code, the signed webhook, the next round on LINE; deleting the person erases the link', async () => {
    const token = mail.mailsTo(withoutLine.email)[0].text.match(/\/a\/([A-Za-z0-9_-]{43})/)![1];
    const answerPage = (path: string) => fetch(`${responses.baseUrl}/a/${token}${path}`, { headers: { 'x-forwarded-proto': 'https' }, redirect: 'manual' });
    await waitFor(async () => (await (await answerPage('')).text()).includes(`/a/${token}/line?lang=ja`), { timeoutMs: 30_000, what: 'the answer page to offer LINE' });

    const toLine = await answerPage('/line?lang=ja');
    expect(toLine.status).toBe(303);
    const chat = new URL(toLine.headers.get('location')!);
    expect(`${chat.origin}${chat.pathname}`).toBe('https://line.me/R/oaMessage/%40anpi-e2e/');
    const typedIn = decodeURIComponent(chat.search.slice(1));
    expect(typedIn).toMatch(/^安否確認をLINEで受け取る ANPI-[A-Za-z0-9_-]{48}$/);

    // What LINE does when Taro taps send: the company's webhook gets his message, signed.
    const taroOnLine = `U${randomUUID().replace(/-/g, '')}`;
    const body = JSON.stringify({ destination: `U${'f'.repeat(32)}`, events: [{ type: 'message', replyToken: 'reply-taro', source: { type: 'user', userId: taroOnLine }, message: { id: '1', type: 'text', text: typedIn } }] });
    const delivered = await fetch(`${dispatch.baseUrl}/v1/line-webhooks/${tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', channelSecret).update(body).digest('base64') },
      body,
    });
    expect(delivered.status).toBe(200);
    expect(await delivered.json()).toEqual({ linked: 1, unlinked: 0 });
    // A body that is not JSON, or signed with another secret, is refused in the services' one error shape and links nobody.
    const broken = await fetch(`${dispatch.baseUrl}/v1/line-webhooks/${tenantId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': 'x' }, body: '{"events":' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ statusCode: 400, message: expect.any(String) });
    const forged = await fetch(`${dispatch.baseUrl}/v1/line-webhooks/${tenantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', 'fedcba9876543210fedcba9876543210').update(body).digest('base64') },
      body,
    });
    expect(forged.status).toBe(401);
    // The webhook is answered first; the reply follows it.
    const replies = await waitFor(() => {
      const sent = lineApi.sentTo<LineMessages & { replyToken: string }>('/v2/bot/message/reply');
      return sent.length > 0 && sent;
    }, { what: "LINE's reply to Taro" });
    expect(replies.map((reply) => reply.body)).toEqual([{ replyToken: 'reply-taro', messages: [{ type: 'text', text: expect.stringContaining('LINEの連携が完了しました') }] }]);

    const mailsBefore = mail.mailsTo(withoutLine.email).length;
    expect((await call(dispatch, 'POST', `/v1/alerts/${alertId}/resend`)).status).toBe(202);
    const [push] = await waitFor(() => { const found = pushes().filter((candidate) => candidate.body.to === taroOnLine); return found.length > 0 ? found : undefined; }, { timeoutMs: 30_000, what: 'the next round to Taro on LINE' });
    expect(push.body.messages[0].text).toContain(`/a/${token}`);
    expect(mail.mailsTo(withoutLine.email)).toHaveLength(mailsBefore);

    // Taro leaves: deleted in the directory, and dispatch forgets his LINE link with him.
    expect((await call(tenant, 'DELETE', `/v1/directory/employees/${withoutLine.id}`)).status).toBe(204);
    const settings = localServiceEnvironment('alert-dispatch-service');
    const database = new Client({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: settings.DB_NAME });
    await database.connect();
    try {
      await waitFor(async () => (await database.query('SELECT 1 FROM line_links WHERE recipient_id = $1', [withoutLine.id])).rowCount === 0 || undefined, { timeoutMs: 30_000, what: 'employee.removed to erase the LINE link' });
      expect((await database.query('SELECT 1 FROM directory_recipients WHERE employee_id = $1', [withoutLine.id])).rowCount).toBe(0);
    } finally {
      await database.end();
    }
  });
});
