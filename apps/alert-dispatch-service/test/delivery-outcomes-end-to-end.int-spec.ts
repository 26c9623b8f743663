import { TOPICS, assertValidEvent, buildEnvelope, type EmployeeUpsertedV1, type TenantCreatedV1 } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { ServiceProcess, TokenIssuer, decodedParts, ensureAnpiTopics, localServiceEnvironment, readLocalStackSettings, waitFor } from '@anpi/testing';
import { loadConfig } from '@anpi/config';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { LocalProvider, json } from './channels/channel-test-stack';
import { freeLoopbackPort, startGroupAtLatestOffsets, waitForGroupToSettle } from './disaster-end-to-end-support';

interface NonResponderView {
  recipientId: string;
  employeeNumber: string | null;
  contactChannelsTried: string[];
  lastDelivery: { channel: string | null; state: string; at: string } | null;
}

/**
 * The channels tried reach the crisis team's non-responders list, on the BUILT services as
 * processes: dispatch sends (e-mail to a real SMTP server that refuses one address, then SMS to
 * a local Twilio-compatible API), records the outcomes with their `delivery.outcomes` event,
 * the real broker carries it to response-collection, and its REST view and CSV show them.
 * Each service consumes under a group of its own, started at the end of every topic.
 */
describe('channels tried, from dispatch to the non-responders list (built services, real Kafka, SMTP)', () => {
  const settings = readLocalStackSettings();
  const dispatchConfig = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service'));
  const sealer = new ContactEventSealer(new FieldCipher(dispatchConfig.DIRECTORY_EVENT_KEYS, dispatchConfig.DIRECTORY_EVENT_ACTIVE_KEY_ID));
  const producer: Producer = new Kafka({ clientId: 'delivery-outcomes-e2e', brokers: settings.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).producer();
  const run = randomUUID().slice(0, 8);
  const groups = { dispatch: `delivery-outcomes-e2e-dispatch-${run}`, responses: `delivery-outcomes-e2e-responses-${run}` };
  const tenantId = randomUUID();
  /** Hanako answers; Taro's e-mail address is refused, so SMS reaches him; Jiro gets the e-mail and stays silent. */
  const people = {
    hanako: { id: randomUUID(), number: 'E001', email: `hanako-${run}@acme.example`, phone: null },
    taro: { id: randomUUID(), number: 'E002', email: `taro-${run}@acme.example`, phone: '+819012345678' },
    jiro: { id: randomUUID(), number: 'E003', email: `jiro-${run}@acme.example`, phone: null },
  };
  const mails: { recipients: string[]; text: string }[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (address, _session, callback) =>
      address.address === people.taro.email ? callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 })) : callback(),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({ recipients: session.envelope.rcptTo.map((recipient) => recipient.address), text: decodedParts(Buffer.concat(chunks).toString('utf8')).join('\n') });
        callback();
      });
    },
  });
  const sms = new LocalProvider();
  let issuer: TokenIssuer;
  let dispatch: ServiceProcess;
  let responses: ServiceProcess;
  let admin: string;
  let alertId: string;

  const call = (service: ServiceProcess, path: string, init: RequestInit = {}) =>
    fetch(`${service.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${admin}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) } });
  const mailsTo = (address: string) => mails.filter((mail) => mail.recipients.includes(address));

  async function publish(topic: string, type: string, payload: unknown): Promise<void> {
    const envelope = buildEnvelope({ type, version: 1, tenantId, payload });
    assertValidEvent(envelope);
    await producer.send({ topic, messages: [{ key: tenantId, value: JSON.stringify(envelope), headers: { 'event-type': type, 'event-version': '1', 'event-id': envelope.eventId } }] });
  }

  async function startService(name: 'alert-dispatch-service' | 'response-collection-service', group: string, overrides: Record<string, string>): Promise<ServiceProcess> {
    const started = await new ServiceProcess(name, await freeLoopbackPort(), {
      ...issuer.serviceEnvironment,
      GRPC_URL: `127.0.0.1:${await freeLoopbackPort()}`,
      KAFKA_CONSUMER_GROUP: group,
      LOG_LEVEL: 'warn',
      ...overrides,
    }).start();
    await waitForGroupToSettle(group);
    return started;
  }

  beforeAll(async () => {
    // Returns once every partition has a leader, so the offsets below can be read on a fresh broker.
    await ensureAnpiTopics(Object.values(groups));
    for (const group of Object.values(groups)) await startGroupAtLatestOffsets(group);
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    await sms.listen(0);
    sms.behaviour = (_request, response) => json(response, 201, { sid: `SM${run}`, status: 'queued' });
    issuer = await new TokenIssuer(await freeLoopbackPort()).start();
    admin = await issuer.token(tenantId, 'admin');
    [dispatch, responses] = await Promise.all([
      startService('alert-dispatch-service', groups.dispatch, {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String((smtp.server.address() as { port: number }).port),
        CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true',
      }),
      startService('response-collection-service', groups.responses, {}),
    ]);
    await producer.connect();

    // The company and its staff as tenant-service announces them (contacts sealed).
    const tenant: TenantCreatedV1 = {
      tenantId,
      slug: `outcomes-${run}`,
      displayName: 'アクメ株式会社',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner-${run}@acme.example`, displayName: '管理者' },
    };
    await publish(TOPICS.tenantCreated.name, 'tenant.created', tenant);
    for (const person of Object.values(people)) {
      const upserted: EmployeeUpsertedV1 = {
        employeeId: person.id,
        employeeNumber: person.number,
        departmentIds: [],
        groupIds: [],
        workPrefecture: '04',
        homePrefecture: null,
        language: 'ja',
        active: true,
        sealedContacts: sealer.seal(tenantId, person.id, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: person.email, privateEmails: [], mobilePhone: person.phone }),
      };
      await publish(TOPICS.employeeUpserted.name, 'employee.upserted', upserted);
    }
    await waitFor(
      async () => {
        const response = await call(dispatch, '/v1/alerts/recipient-count', { method: 'POST', body: JSON.stringify({ target: { kind: 'all' } }) });
        return response.status === 200 && ((await response.json()) as { count: number }).count === 3;
      },
      { timeoutMs: 30_000, what: 'dispatch to know the three employees' },
    );
    // The tenant's own SMS account: a Twilio-compatible API on loopback.
    const smsSettings = await call(dispatch, '/v1/channel-settings/sms', {
      method: 'PUT',
      body: JSON.stringify({ baseUrl: sms.baseUrl, accountSid: 'AC00112233445566', authToken: 'sms-auth-token-0123456789', from: '+815012345678' }),
    });
    expect(smsSettings.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await producer.disconnect();
    await Promise.all([dispatch?.stop(), responses?.stop()]);
    await issuer?.stop();
    await sms.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  }, 60_000);

  it('sends by e-mail, and by SMS where the mail server refused the address', async () => {
    const created = await call(dispatch, '/v1/alerts', {
      method: 'POST',
      headers: { 'idempotency-key': `outcomes-${run}` },
      body: JSON.stringify({ title: '宮城県で震度6強', message: '安否を回答してください。', target: { kind: 'all' }, channels: ['email', 'sms'] }),
    });
    expect(created.status).toBe(201);
    alertId = ((await created.json()) as { id: string }).id;

    await waitFor(() => mailsTo(people.hanako.email).length > 0 && mailsTo(people.jiro.email).length > 0 && sms.requests.length > 0, {
      timeoutMs: 60_000,
      what: 'e-mail to Hanako and Jiro, SMS to Taro',
    });
    expect(mailsTo(people.taro.email)).toEqual([]);
    expect(sms.requests).toHaveLength(1);
    expect(new URLSearchParams(sms.requests[0].body.toString()).get('To')).toBe(people.taro.phone);
  });

  it('shows each non-responder the channels tried and how the latest delivery went, and not the person who answered', async () => {
    const token = mailsTo(people.hanako.email)[0].text.match(/\/a\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();
    const answerPage = (init: RequestInit = {}) => fetch(`${responses.baseUrl}/a/${token}`, { ...init, headers: { 'x-forwarded-proto': 'https', ...(init.headers ?? {}) } });
    await waitFor(async () => (await answerPage()).status === 200, { timeoutMs: 30_000, what: "response-collection to know Hanako's link" });
    const answered = await answerPage({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ safety: 'safe' }).toString() });
    expect(answered.status).toBe(200);

    const listed = await waitFor(
      async () => {
        const response = await call(responses, `/v1/alerts/${alertId}/non-responders`);
        if (response.status !== 200) return undefined;
        const { items } = (await response.json()) as { items: NonResponderView[] };
        return items.length === 2 && items.every((item) => item.lastDelivery !== null) ? items : undefined;
      },
      { timeoutMs: 30_000, what: 'the outcomes of both non-responders to reach response-collection' },
    );
    const byId = new Map(listed.map((item) => [item.recipientId, item]));
    expect(byId.has(people.hanako.id)).toBe(false);
    expect(byId.get(people.taro.id)).toMatchObject({ employeeNumber: 'E002', contactChannelsTried: ['email', 'sms'], lastDelivery: { channel: 'sms', state: 'sent' } });
    expect(byId.get(people.jiro.id)).toMatchObject({ employeeNumber: 'E003', contactChannelsTried: ['email'], lastDelivery: { channel: 'email', state: 'sent' } });
    expect(Date.parse(byId.get(people.taro.id)!.lastDelivery!.at)).not.toBeNaN();
  });

  it('exports the same columns in the non-responders CSV', async () => {
    const response = await call(responses, `/v1/alerts/${alertId}/non-responders.csv?lang=en`);
    expect(response.status).toBe(200);
    const lines = Buffer.from(await response.arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Employee number,Recipient ID,Department IDs,Work prefecture,Home prefecture,Channels tried,Last delivery');
    expect(lines.slice(1).sort()).toEqual([`E002,${people.taro.id},,04,,email|sms,sent`, `E003,${people.jiro.id},,04,,email,sent`]);
  });
});
