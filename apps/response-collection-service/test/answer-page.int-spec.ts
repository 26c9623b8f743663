import { ensureAnpiTopics, localServiceEnvironment, ServiceProcess, statusOfRequestDeclaring, waitFor } from '@anpi/testing';
import { AlertClosedV1, AlertCreatedV1, EventEnvelope } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AlertProjectionController } from '../src/alerts/alert-projection.controller';
import { deliverEvent, responseDatabase } from './support/response-fixture';

/**
 * The answer page as a phone sees it: response-collection as a real process, links and the
 * alert as dispatch's events would have left them, answers checked in PostgreSQL and in the
 * outbox (the `response.received` event).
 */
describe('answer page (real process, real PostgreSQL)', () => {
  // Dispatch's internal API is on a port where nothing listens: the page must say "try later".
  const service = new ServiceProcess('response-collection-service', 3124, { DISPATCH_INTERNAL_URL: 'http://127.0.0.1:9' });
  const env = localServiceEnvironment('response-collection-service');
  const db = new Client({ host: env.PGHOST, port: Number(env.PGPORT), user: 'postgres', database: env.DB_NAME });
  const tenantId = randomUUID();
  const plainHttpTenantId = randomUUID();
  const alertId = randomUUID();
  const closedAlertId = randomUUID();
  const plainHttpAlertId = randomUUID();
  const earlyClosedAlertIds: string[] = [];
  const kafka = new Kafka({ clientId: 'answer-page-test', brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const announcements: { recipientId: string; revision: number }[] = [];
  const reader = kafka.consumer({ groupId: `answer-page-test-${Date.now()}` });
  const questions = [
    { id: 'safety', kind: 'choice', required: true, label: { ja: 'あなたの安否', en: 'Are you safe?' }, choices: [
      { id: 'safe', label: { ja: '無事', en: 'Safe' } },
      { id: 'serious_injury', label: { ja: '重傷', en: 'Serious injury' } },
    ] },
    { id: 'comment', kind: 'text', required: false, maxLength: 200, label: { ja: 'コメント', en: 'Comment' } },
  ];

  function newLink(alert = alertId, tenant = tenantId, validForMs = 3_600_000) {
    const token = randomBytes(32).toString('base64url');
    const recipientId = randomUUID();
    const tokenHash = createHash('sha256').update(token).digest('base64url');
    return { token, recipientId, insert: () => db.query('INSERT INTO answer_links VALUES ($1, $2, $3, $4, $5)', [tokenHash, tenant, alert, recipientId, new Date(Date.now() + validForMs)]) };
  }

  const page = (token: string, init: RequestInit & { https?: boolean } = {}) =>
    fetch(`${service.baseUrl}/a/${token}`, { ...init, redirect: 'manual', headers: { 'x-forwarded-proto': init.https === false ? 'http' : 'https', ...(init.headers ?? {}) } });
  const post = (token: string, form: Record<string, string>, extra: RequestInit & { https?: boolean } = {}) =>
    page(token, { ...extra, method: 'POST', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    await db.connect();
    // The plain-http company is in London: its pages tell time in its own zone.
    for (const [tenant, allow, timeZone] of [[tenantId, false, 'Asia/Tokyo'], [plainHttpTenantId, true, 'Europe/London']] as const) {
      await db.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'T', 'ja', $3, $2)`, [tenant, allow, timeZone]);
    }
    const later = new Date(Date.now() + 3_600_000);
    for (const [id, tenant, closesAt] of [[alertId, tenantId, later], [closedAlertId, tenantId, new Date(Date.now() - 1_000)], [plainHttpAlertId, plainHttpTenantId, later]] as const) {
      await db.query(`INSERT INTO alert_projections VALUES ($1, $2, '震度6強 安否確認', $3, $4, false, $5, NULL)`, [id, tenant, '<b>至急</b>回答してください', JSON.stringify(questions), closesAt]);
    }
    await service.start();
    await ensureAnpiTopics();
    await reader.connect();
    await reader.subscribe({ topic: 'response.received', fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        const { payload } = JSON.parse(message.value!.toString());
        announcements.push({ recipientId: payload.recipientId, revision: payload.revision });
      },
    });
    await waitFor(async () => (await reader.describeGroup()).state === 'Stable', { what: 'response.received reader joined' });
  }, 90_000);

  afterAll(async () => {
    await reader.disconnect();
    await service.stop();
    const alertIds = [alertId, closedAlertId, plainHttpAlertId, ...earlyClosedAlertIds];
    await db.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = ANY($1)`, [alertIds]);
    await db.query('DELETE FROM answers WHERE alert_id = ANY($1)', [alertIds]);
    await db.query('DELETE FROM answer_links WHERE alert_id = ANY($1)', [alertIds]);
    await db.query('DELETE FROM alert_projections WHERE alert_id = ANY($1)', [alertIds]);
    await db.query('DELETE FROM known_tenants WHERE tenant_id = ANY($1)', [[tenantId, plainHttpTenantId]]);
    await db.end();
  });

  it('shows the questions in Japanese by default, small, with no inline script and strict headers', async () => {
    const link = newLink();
    await link.insert();
    const response = await page(link.token);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('あなたの安否');
    expect(html).toContain('&lt;b&gt;至急&lt;/b&gt;');
    // The form needs no script (the notifications box comes only for companies with Web Push; none here).
    expect(html).not.toMatch(/<script/i);
    expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('speaks English when the phone asks for it and the recipient’s language is not known yet', async () => {
    const link = newLink();
    await link.insert();
    const html = await (await page(link.token, { headers: { 'accept-language': 'en-US,en;q=0.9' } })).text();
    expect(html).toContain('Are you safe?');
  });

  it('records the answer before confirming it, keeps the first answer time, and announces each change once', async () => {
    const link = newLink();
    await link.insert();
    const first = await post(link.token, { safety: 'serious_injury', comment: '足を骨折 <script>x</script>' });
    const confirmation = await first.text();
    expect(first.status).toBe(200);
    expect(confirmation).toContain('回答を受け付けました');
    expect(confirmation).toContain('足を骨折 &lt;script&gt;x&lt;/script&gt;');
    const [stored] = (await db.query('SELECT answers, revision, first_answered_at, answered_at FROM answers WHERE recipient_id = $1', [link.recipientId])).rows;
    expect(stored).toMatchObject({ answers: { safety: 'serious_injury', comment: '足を骨折 <script>x</script>' }, revision: 1 });

    expect((await post(link.token, { safety: 'serious_injury', comment: '足を骨折 <script>x</script>' })).status).toBe(200);
    const changed = await post(link.token, { safety: 'safe' });
    expect(changed.status).toBe(200);
    const [latest] = (await db.query('SELECT answers, revision, first_answered_at, answered_at FROM answers WHERE recipient_id = $1', [link.recipientId])).rows;
    expect(latest.answers).toEqual({ safety: 'safe' });
    expect(latest.revision).toBe(2);
    expect(latest.first_answered_at).toEqual(stored.first_answered_at);
    expect(latest.answered_at.getTime()).toBeGreaterThan(stored.answered_at.getTime());

    // Two changes, two `response.received` events through the outbox; the repeat announced nothing.
    const mine = () => announcements.filter((announcement) => announcement.recipientId === link.recipientId);
    await waitFor(() => mine().length >= 2, { what: 'two response.received events on Kafka' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mine().map((announcement) => announcement.revision)).toEqual([1, 2]);
    const html = await (await page(link.token)).text();
    expect(html).toContain('value="safe" checked');
    // The counters moved with the change: this person counts once, under "safe" only.
    const counts = (await db.query('SELECT choice_id, sum(answers)::int AS answers FROM answer_choice_counts WHERE alert_id = $1 AND question_id = $2 GROUP BY choice_id', [alertId, 'safety'])).rows;
    const byChoice = Object.fromEntries(counts.map((row) => [row.choice_id, row.answers]));
    expect(byChoice.serious_injury).toBe(0);
    expect(byChoice.safe).toBeGreaterThanOrEqual(1);
  });

  it('counts a burst of double submits from one phone exactly once', async () => {
    const link = newLink();
    await link.insert();
    const sumOf = async (sql: string) => Number((await db.query(sql, [alertId])).rows[0].total);
    const respondedBefore = await sumOf('SELECT coalesce(sum(responded), 0) AS total FROM alert_totals WHERE alert_id = $1');
    const safeBefore = await sumOf(`SELECT coalesce(sum(answers), 0) AS total FROM answer_choice_counts WHERE alert_id = $1 AND choice_id = 'safe'`);
    const responses = await Promise.all(Array.from({ length: 10 }, () => post(link.token, { safety: 'safe' })));
    expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
    const [stored] = (await db.query('SELECT revision FROM answers WHERE recipient_id = $1', [link.recipientId])).rows;
    expect(stored.revision).toBe(1);
    expect(await sumOf('SELECT coalesce(sum(responded), 0) AS total FROM alert_totals WHERE alert_id = $1')).toBe(respondedBefore + 1);
    expect(await sumOf(`SELECT coalesce(sum(answers), 0) AS total FROM answer_choice_counts WHERE alert_id = $1 AND choice_id = 'safe'`)).toBe(safeBefore + 1);
  });

  it.each([
    ['a missing required answer', { comment: 'x' }],
    ['an answer that is not a choice', { safety: 'dead' }],
    ['a question that does not exist', { safety: 'safe', salary: '100' }],
    ['an over-long comment', { safety: 'safe', comment: 'あ'.repeat(201) }],
  ])('refuses %s with 400 and stores nothing', async (_case, form) => {
    const link = newLink();
    await link.insert();
    const response = await post(link.token, form);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('入力を確認してください');
    expect((await db.query('SELECT 1 FROM answers WHERE recipient_id = $1', [link.recipientId])).rowCount).toBe(0);
  });

  it.each([
    ['an unknown token', () => randomBytes(32).toString('base64url'), 404],
    ['a malformed token', () => 'abc', 404],
  ])('answers %s with a plain 404 page', async (_case, makeToken, status) => {
    const response = await page(makeToken());
    expect(response.status).toBe(status);
    expect(await response.text()).toContain('このリンクは無効か、期限が切れています。');
  });

  it('slows down link guessing from one address without affecting anyone else', async () => {
    const guesser = { 'x-forwarded-for': '198.51.100.77' };
    for (let guess = 0; guess < 30; guess++) {
      expect((await page(randomBytes(32).toString('base64url'), { headers: guesser })).status).toBe(404);
    }
    const refused = await page(randomBytes(32).toString('base64url'), { headers: guesser });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const link = newLink();
    await link.insert();
    expect((await page(link.token, { headers: { 'x-forwarded-for': '203.0.113.5' } })).status).toBe(200);
  });

  it('refuses an expired link and a closed alert', async () => {
    const expired = newLink(alertId, tenantId, -1_000);
    await expired.insert();
    expect((await page(expired.token)).status).toBe(404);
    const closed = newLink(closedAlertId);
    await closed.insert();
    const response = await post(closed.token, { safety: 'safe' });
    expect(response.status).toBe(410);
    expect((await db.query('SELECT 1 FROM answers WHERE recipient_id = $1', [closed.recipientId])).rowCount).toBe(0);
  });

  it('stops taking answers as soon as dispatch closes the alert, even when the close overtakes the alert itself', async () => {
    const projections = responseDatabase();
    await projections.initialize();
    const alerts = new AlertProjectionController();
    const deliver = <T>(handler: (event: EventEnvelope<T>, context: KafkaEventContext) => Promise<void>, type: string, payload: T) => deliverEvent(projections, handler, type, tenantId, payload);
    const created = (id: string) => ({
      alertId: id, title: '早期終了', message: '回答してください', questions, target: { kind: 'all' }, channels: ['email'], drill: false, source: 'manual', createdBy: 'test',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(), resend: { intervalMinutes: 15, maxRounds: 0 },
    }) as unknown as AlertCreatedV1;
    const closed = (id: string): AlertClosedV1 => ({ alertId: id, closedAt: new Date().toISOString(), reason: 'closed-by-staff', closedBy: 'crisis-team-lead' });
    try {
      const [inOrder, overtaken] = [randomUUID(), randomUUID()];
      earlyClosedAlertIds.push(inOrder, overtaken);
      await deliver((event, context) => alerts.recordAlert(event, context), 'alert.created', created(inOrder));
      const before = newLink(inOrder);
      await before.insert();
      expect((await page(before.token)).status).toBe(200);
      await deliver((event, context) => alerts.recordClosed(event, context), 'alert.closed', closed(inOrder));
      expect((await page(before.token)).status).toBe(410);
      expect((await post(before.token, { safety: 'safe' })).status).toBe(410);

      await deliver((event, context) => alerts.recordClosed(event, context), 'alert.closed', closed(overtaken));
      await deliver((event, context) => alerts.recordAlert(event, context), 'alert.created', created(overtaken));
      const after = newLink(overtaken);
      await after.insert();
      expect((await post(after.token, { safety: 'safe' })).status).toBe(410);
      const [projection] = (await db.query('SELECT title, closed_at IS NOT NULL AS closed FROM alert_projections WHERE alert_id = $1', [overtaken])).rows;
      expect(projection).toEqual({ title: '早期終了', closed: true });
      expect((await db.query('SELECT 1 FROM answers WHERE alert_id = ANY($1)', [[inOrder, overtaken]])).rowCount).toBe(0);
    } finally {
      await projections.destroy();
    }
  });

  it('offers notifications and the current location through same-origin scripts, and checks every subscription before dispatch sees it', async () => {
    const link = newLink();
    await link.insert();
    const pageResponse = await page(link.token);
    expect(pageResponse.headers.get('content-security-policy')).toContain("script-src 'self'; connect-src 'self'; worker-src 'self'");
    // Dispatch (which knows whether the company has Web Push) cannot be reached here: no offer.
    expect(await pageResponse.text()).not.toContain('id="push"');
    const script = await fetch(`${service.baseUrl}/a/assets/push.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain("navigator.serviceWorker.register('/a/assets/push-worker.js', { scope: '/a/' })");
    const locationScript = await fetch(`${service.baseUrl}/a/assets/location.js`);
    expect(locationScript.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await locationScript.text()).toContain('navigator.geolocation.getCurrentPosition(');
    const worker = await fetch(`${service.baseUrl}/a/assets/push-worker.js`);
    expect(worker.headers.get('service-worker-allowed')).toBe('/a/');
    expect(await worker.text()).toContain('showNotification');

    const json = (token: string, path: string, body?: unknown) =>
      fetch(`${service.baseUrl}/a/${token}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'x-forwarded-proto': 'https', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const subscription = { endpoint: 'https://push.example/s/1', keys: { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: Buffer.alloc(16, 7).toString('base64url') } };
    const badKeys = await json(link.token, '/push-subscription', { ...subscription, keys: { p256dh: 'x', auth: 'y' } });
    expect(badKeys.status).toBe(400);
    expect(((await badKeys.json()) as { details: { path: string }[] }).details.map((detail) => detail.path).sort()).toEqual(['keys.auth', 'keys.p256dh']);
    expect((await json(link.token, '/push-subscription', { ...subscription, endpoint: 'http://push.example/s/1' })).status).toBe(400);
    expect((await json(newLink().token, '/push-subscription', subscription)).status).toBe(404);
    const closed = newLink(closedAlertId);
    await closed.insert();
    expect((await json(closed.token, '/push-subscription', subscription)).status).toBe(410);
    const unavailable = await json(link.token, '/push-subscription', subscription);
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toMatchObject({ message: 'notifications cannot be set up right now; please try again later' });
    expect((await json(link.token, '/push-key')).status).toBe(503);
  });

  it('sends plain-http visitors to https unless their company allows plain http', async () => {
    const strict = newLink();
    await strict.insert();
    const redirected = await page(strict.token, { https: false });
    expect(redirected.status).toBe(301);
    expect(redirected.headers.get('location')).toBe(`${env.ANSWER_LINK_BASE_URL}/a/${strict.token}`);
    const relaxed = newLink(plainHttpAlertId, plainHttpTenantId);
    await relaxed.insert();
    const served = await page(relaxed.token, { https: false });
    expect(served.status).toBe(200);
    expect(served.headers.get('strict-transport-security')).toBeNull();
  });

  it('tells time in the company’s own time zone, and names it', async () => {
    const tokyo = newLink();
    await tokyo.insert();
    expect(await (await page(tokyo.token)).text()).toMatch(/回答期限: \d{4}\/\d\d\/\d{1,2} \d\d:\d\d JST/);
    const london = newLink(plainHttpAlertId, plainHttpTenantId);
    await london.insert();
    const html = await (await page(london.token, { headers: { 'accept-language': 'en' } })).text();
    const [{ closes_at: closesAt }] = (await db.query('SELECT closes_at FROM alert_projections WHERE alert_id = $1', [plainHttpAlertId])).rows;
    const inLondon = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    expect(html).toContain(`Answer by: ${inLondon.format(closesAt)}`);
    expect(inLondon.format(closesAt)).toMatch(/ (GMT|BST)$/);
  });

  it('refuses a 1 MB body before reading it', async () => {
    const link = newLink();
    await link.insert();
    const status = await statusOfRequestDeclaring(`${service.baseUrl}/a/${link.token}`, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      contentLength: 1_100_000,
    });
    expect(status).toBe(413);
  });

  it('keeps the token out of the logs, and names the tenant the link belongs to', async () => {
    const link = newLink();
    await link.insert();
    const requestId = `log-check-${randomUUID()}`;
    await page(link.token, { headers: { 'x-request-id': requestId } });
    const { readFile } = await import('node:fs/promises');
    const logFile = `${__dirname}/../../../.stack/test-logs/response-collection-service-3124.log`;
    const line = await waitFor(async () => (await readFile(logFile, 'utf8')).split('\n').find((entry) => entry.includes(requestId) && entry.includes('request completed')), {
      what: 'the request to be logged',
    });
    expect(line).toContain('"url":"/a/[token]"');
    expect(line).toContain(`"tenantId":"${tenantId}"`);
    expect(await readFile(logFile, 'utf8')).not.toContain(link.token);
  });
});
