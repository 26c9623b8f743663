import { buildEnvelope, topicForEvent } from '@anpi/contracts';
import { parseKeyRing } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { ensureAnpiTopics, localServiceEnvironment, MailCatcher, readLocalStackSettings, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { decrypt } from 'http_ece';
import webPush from 'web-push';
import { LoopbackProvider } from './loopback-provider';
import { newTenantRequest } from './system';

/**
 * The product's promise, end to end, on real processes, the real broker and real SMTP:
 * a company signs up; its directory reaches dispatch as events; an admin sends a safety
 * check; every targeted employee — and nobody else — receives their own link by e-mail;
 * following it, they answer on the page a feature phone can use; the answer is recorded.
 */
describe('a safety check from alert to answer', () => {
  const mail = new MailCatcher(2626);
  const tokens = new TokenIssuer(3139);
  // Plain-http providers: the test is the push service (127.0.0.1) of one employee's browser.
  const overrides = () => ({ SMTP_HOST: '127.0.0.1', SMTP_PORT: '2626', CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true', ...tokens.serviceEnvironment });
  // A push service that accepts every push (201).
  const pushService = new LoopbackProvider();
  const tenant = new ServiceProcess('tenant-service', 3131);
  let dispatch: ServiceProcess;
  let responses: ServiceProcess;
  const kafka = new Kafka({ clientId: 'e2e-directory', brokers: readLocalStackSettings().KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  const settings = localServiceEnvironment('alert-dispatch-service');
  const sealer = new ContactEventSealer(new FieldCipher(parseKeyRing(settings.DIRECTORY_EVENT_KEYS), settings.DIRECTORY_EVENT_ACTIVE_KEY_ID));

  beforeAll(async () => {
    await ensureAnpiTopics();
    await mail.start();
    await tokens.start();
    dispatch = new ServiceProcess('alert-dispatch-service', 3133, overrides());
    responses = new ServiceProcess('response-collection-service', 3134, { ...overrides(), DISPATCH_INTERNAL_URL: 'http://127.0.0.1:3133' });
    await Promise.all([tenant.start(), dispatch.start(), responses.start(), producer.connect(), pushService.listen()]);
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await Promise.all([tenant.stop(), dispatch.stop(), responses.stop(), pushService.close()]);
    await tokens.stop();
    await mail.stop();
  }, 60_000);

  it('reaches exactly the employees in the affected prefecture, each with their own working answer link', async () => {
    const signUp = await fetch(`${tenant.baseUrl}/v1/tenants/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(newTenantRequest({ allowPlainHttpAnswerLinks: false })),
    });
    expect(signUp.status).toBe(201);
    const tenantId = ((await signUp.json()) as { id: string }).id;

    // The directory as tenant-service announces it: 6 in Miyagi (04), 4 in Tokyo (13), contacts sealed.
    const employees = Array.from({ length: 10 }, (_, index) => ({
      employeeId: randomUUID(),
      email: `e2e-${index}-${tenantId.slice(0, 8)}@example.test`,
      workPrefecture: index < 6 ? '04' : '13',
    }));
    await producer.send({
      topic: topicForEvent('employee.upserted'),
      messages: employees.map((employee, index) => ({
        key: tenantId,
        value: JSON.stringify(
          buildEnvelope({
            type: 'employee.upserted',
            version: 1,
            tenantId,
            payload: {
              employeeId: employee.employeeId,
              employeeNumber: `E${index}`,
              departmentIds: [],
              groupIds: [],
              workPrefecture: employee.workPrefecture,
              homePrefecture: null,
              language: 'ja',
              active: true,
              sealedContacts: sealer.seal(tenantId, employee.employeeId, { nameKanji: `社員${index}`, nameKana: 'シャイン', companyEmail: employee.email, privateEmails: [], mobilePhone: null }),
            },
          }),
        ),
      })),
    });

    const adminToken = await tokens.token(tenantId, 'admin');
    // Wait until dispatch has the tenant and its directory (a dry target would reach nobody).
    const alert = await waitFor(
      async () => {
        const response = await fetch(`${dispatch.baseUrl}/v1/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}`, 'idempotency-key': `e2e-${tenantId}` },
          body: JSON.stringify({ title: '宮城県で震度6強', message: '至急、安否を回答してください。', target: { kind: 'prefectures', prefectureCodes: ['04'], match: 'work' }, channels: ['web-push', 'email'] }),
        });
        return response.status === 201 || response.status === 200 ? ((await response.json()) as { id: string }) : undefined;
      },
      { timeoutMs: 30_000, what: 'the alert to be created' },
    );

    const miyagi = employees.filter((employee) => employee.workPrefecture === '04');
    await waitFor(() => miyagi.every((employee) => mail.mailsTo(employee.email).length > 0), { timeoutMs: 60_000, what: 'an e-mail to every Miyagi employee' });
    for (const employee of employees.filter((employee) => employee.workPrefecture === '13')) {
      expect(mail.mailsTo(employee.email)).toEqual([]);
    }
    const links = miyagi.map((employee) => {
      const [message] = mail.mailsTo(employee.email);
      expect(mail.mailsTo(employee.email)).toHaveLength(1);
      const found = [...new Set(message.text.match(/https:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/g) ?? [])];
      expect(found).toHaveLength(1);
      return found[0];
    });
    expect(new Set(links).size).toBe(miyagi.length);

    // Follow the first link on the answer page (the https origin is the test's response-collection).
    const token = links[0].slice(-43);
    const page = await waitFor(
      async () => {
        const response = await fetch(`${responses.baseUrl}/a/${token}`, { headers: { 'x-forwarded-proto': 'https' } });
        return response.status === 200 ? response.text() : undefined;
      },
      { timeoutMs: 30_000, what: 'the answer page to know the link' },
    );
    expect(page).toContain('宮城県で震度6強');

    // The crisis team's live view (Server-Sent Events) is open before the answer arrives.
    const live = await fetch(`${responses.baseUrl}/v1/alerts/${alert.id}/live`, { headers: { authorization: `Bearer ${adminToken}`, accept: 'text/event-stream' } });
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toContain('text/event-stream');
    const liveEvents: { responded: number; recipients: number; answers: Record<string, Record<string, number>> }[] = [];
    const reader = live.body!.getReader();
    const decoder = new TextDecoder();
    let buffered = '';
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        for (const match of buffered.matchAll(/^data: (.*)$/gm)) liveEvents.push(JSON.parse(match[1]));
        buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
      }
    })();
    await waitFor(() => liveEvents.some((event) => event.recipients === miyagi.length), { what: 'the live view to count the recipients' });

    const answer = await fetch(`${responses.baseUrl}/a/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({ safety: 'safe', can_work: 'later', comment: '自宅待機中' }).toString(),
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('回答を受け付けました');
    const update = await waitFor(() => liveEvents.find((event) => event.responded === 1), { what: 'the live view to show the answer' });
    expect(update).toMatchObject({ recipients: miyagi.length, responded: 1, answers: { safety: { safe: 1 }, can_work: { later: 1 } } });
    await reader.cancel();
    await reading.catch(() => undefined);

    const progress = await waitFor(
      async () => {
        const response = await fetch(`${dispatch.baseUrl}/v1/alerts/${alert.id}`, { headers: { authorization: `Bearer ${adminToken}` } });
        const body = (await response.json()) as { state: string; progress: Record<string, number> };
        return body.progress.sent === miyagi.length ? body : undefined;
      },
      { what: 'every delivery marked sent' },
    );
    expect(progress).toMatchObject({ state: 'open', progress: { sent: miyagi.length } });

    // "Send again" asks only those who have not answered; the one who answered hears nothing more.
    await waitFor(
      async () => {
        const response = await fetch(`${dispatch.baseUrl}/v1/alerts/${alert.id}`, { headers: { authorization: `Bearer ${adminToken}` } });
        return ((await response.json()) as { responded: number }).responded === 1;
      },
      { what: 'dispatch to learn of the answer (response.received)' },
    );
    // One of them asks, on the answer page, to be notified on this phone: the page's script gets
    // the company's VAPID key, the browser subscribes with it (here: the test, with a key pair of
    // its own) and the subscription goes to dispatch through the answer link. Web Push comes
    // first in this alert's channels, so from now on this person is reached by push.
    const answered = miyagi[0];
    const [subscriber, ...unanswered] = miyagi.slice(1);
    const vapid = webPush.generateVAPIDKeys();
    const webPushSettings = await fetch(`${dispatch.baseUrl}/v1/channel-settings/web-push`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ vapidSubject: 'mailto:crisis@example.test', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey }),
    });
    expect(webPushSettings.status).toBe(200);
    const subscriberToken = mail.mailsTo(subscriber.email)[0].text.match(/\/a\/([A-Za-z0-9_-]{43})/)![1];
    const answerPage = (path: string, init: RequestInit = {}) => fetch(`${responses.baseUrl}/a/${subscriberToken}${path}`, { ...init, headers: { 'x-forwarded-proto': 'https', ...init.headers } });
    // The page offers "notify me" once it has heard that the company now has Web Push.
    await waitFor(async () => (await (await answerPage('')).text()).includes('<script src="/a/assets/push.js" defer>'), { timeoutMs: 30_000, what: 'the answer page to offer notifications' });
    expect(await (await answerPage('/push-key')).json()).toEqual({ publicKey: vapid.publicKey });
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    const authSecret = randomBytes(16);
    const subscription = { endpoint: `${pushService.baseUrl}/push/phone-1`, expirationTime: null, keys: { p256dh: browser.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') } };
    const refused = await answerPage('/push-subscription', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...subscription, keys: { p256dh: 'short', auth: 'short' } }) });
    expect(refused.status).toBe(400);
    const subscribed = await answerPage('/push-subscription', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(subscription) });
    expect(subscribed.status).toBe(204);

    const resend = await fetch(`${dispatch.baseUrl}/v1/alerts/${alert.id}/resend`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    expect(resend.status).toBe(202);
    expect(await resend.json()).toEqual({ round: 2, replayed: false });
    await waitFor(() => unanswered.every((employee) => mail.mailsTo(employee.email).length === 2), { timeoutMs: 30_000, what: 'the second round to the non-responders' });
    const [push] = await waitFor(() => (pushService.received.length > 0 ? pushService.received : undefined), { timeoutMs: 30_000, what: 'the second round to the subscribed phone' });
    expect(push.path).toBe('/push/phone-1');
    expect(push.headers['content-encoding']).toBe('aes128gcm');
    expect(String(push.headers.authorization)).toContain(`k=${vapid.publicKey}`);
    const shown = JSON.parse(decrypt(push.body, { version: 'aes128gcm', privateKey: browser, authSecret }).toString('utf8')) as { title: string; url: string };
    expect(shown.title).toMatch(/^【再送】/);
    expect(shown.url).toMatch(new RegExp(`/a/${subscriberToken}$`));
    expect(mail.mailsTo(subscriber.email)).toHaveLength(1);
    for (const employee of unanswered) {
      const [first, second] = mail.mailsTo(employee.email);
      expect(second.text.match(/\/a\/[A-Za-z0-9_-]{43}/)?.[0]).toBe(first.text.match(/\/a\/[A-Za-z0-9_-]{43}/)?.[0]);
      expect(second.text).toContain('【再送】');
      expect(first.text).not.toContain('【再送】');
    }
    expect(mail.mailsTo(answered.email)).toHaveLength(1);

    // The crisis team closes the safety check: the links still unanswered stop taking answers.
    const close = await fetch(`${dispatch.baseUrl}/v1/alerts/${alert.id}/close`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}` } });
    expect(close.status).toBe(200);
    expect(await close.json()).toMatchObject({ id: alert.id, state: 'closed' });
    const lateToken = mail.mailsTo(unanswered[0].email)[0].text.match(/\/a\/([A-Za-z0-9_-]{43})/)![1];
    const late = () => fetch(`${responses.baseUrl}/a/${lateToken}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' }, body: 'safety=safe' });
    await waitFor(async () => ((await late()).status === 410 ? true : undefined), { timeoutMs: 30_000, what: 'the answer page to learn that the alert closed (alert.closed)' });

    // Another tenant's admin sees nothing of it.
    const stranger = await tokens.token(randomUUID(), 'owner');
    expect((await fetch(`${dispatch.baseUrl}/v1/alerts/${alert.id}`, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);
  });
});
