import { ChannelMessage, FallbackMessage, TenantChannelSettings } from '../../src/channels';
import { ChannelTestStack, LocalProvider, json, withoutUnhandledRejections } from './channel-test-stack';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const accountSid = 'AC00112233445566778899aabbccddeeff';
const authToken = 'sms-auth-token-0123456789';
const lineToken = 'line-channel-access-token-0123456789';
const lineUser = `U${'a'.repeat(32)}`;

function smsMessage(overrides: Partial<ChannelMessage> = {}): ChannelMessage {
  return {
    deliveryId: '0193f0c8-0000-7000-8000-000000000001',
    tenantId,
    recipientAddress: '+819012345678',
    subject: '【安否確認】地震',
    body: '【安否確認】Acme 回答してください https://anpi.example/a/token-1',
    answerUrl: 'https://anpi.example/a/token-1',
    drill: false,
    language: 'ja',
    ...overrides,
  };
}

describe('SMS (Twilio-compatible) and LINE against local providers', () => {
  let stack: ChannelTestStack;
  const sms = new LocalProvider();
  const line = new LocalProvider();
  let settings: TenantChannelSettings;

  beforeAll(async () => {
    stack = await ChannelTestStack.start({ CHANNEL_SMS_TIMEOUT_MS: '300', CHANNEL_BREAKER_VOLUME_THRESHOLD: '6', CHANNEL_BREAKER_RESET_MS: '60000' });
    await sms.listen(3403);
    await line.listen(3404);
    settings = {
      sms: { baseUrl: sms.baseUrl, accountSid, authToken, from: '+815012345678' },
      line: { baseUrl: line.baseUrl, channelAccessToken: lineToken },
    };
  });

  afterAll(async () => {
    await stack.stop();
    await sms.close();
    await line.close();
  });

  beforeEach(() => {
    sms.requests.length = 0;
    line.requests.length = 0;
  });

  /** The tenant's channels as the fan-out gets them (the registry keeps them while the settings stay the same). */
  function channels(tenantSettings: TenantChannelSettings = settings) {
    return stack.registry.forTenant(tenantId, tenantSettings);
  }

  it('sends an SMS as a form POST with Basic auth, To, From and Body', async () => {
    sms.behaviour = (request, response) => {
      const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (request.headers.authorization !== expectedAuth) return json(response, 401, { code: 20003, message: 'Authenticate' });
      json(response, 201, { sid: 'SM0001', status: 'queued' });
    };
    const report = await channels().send('sms', smsMessage());
    expect(report.outcome).toEqual({ status: 'sent', providerMessageId: 'SM0001' });
    const [request] = sms.requests;
    expect(request.url).toBe(`/2010-04-01/Accounts/${accountSid}/Messages.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body.toString()))).toEqual({
      To: '+819012345678',
      From: '+815012345678',
      Body: smsMessage().body,
    });
  });

  it('reads a wrong token as permanent (credentials), never retried', async () => {
    sms.behaviour = (_request, response) => json(response, 401, { code: 20003, message: 'Authenticate' });
    const report = await channels({ sms: { ...settings.sms!, authToken: 'wrong-token-0123456789' } }).send('sms', smsMessage());
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-credentials', reason: 'provider answered HTTP 401: Authenticate' } });
    expect(sms.requests).toHaveLength(1);
  });

  it.each([
    [21211, 'invalid phone number'],
    [21614, 'not a mobile number'],
  ])('reads error %i as a permanent recipient failure', async (code, meaning) => {
    sms.behaviour = (_request, response) => json(response, 400, { code, message: `The 'To' number is not valid`, status: 400 });
    const report = await channels().send('sms', smsMessage());
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-recipient', reason: `provider error ${code}: ${meaning}` } });
  });

  it('retries a 500 and a garbage success body, then delivers', async () => {
    let calls = 0;
    sms.behaviour = (_request, response) => {
      calls += 1;
      if (calls === 1) return json(response, 500, { message: 'internal' });
      if (calls === 2) return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>oops</html>');
      json(response, 201, { sid: 'SM0003' });
    };
    const report = await channels().send('sms', smsMessage());
    expect(report).toMatchObject({ attempts: 3, outcome: { status: 'sent', providerMessageId: 'SM0003' } });
  });

  it("waits for a 429's Retry-After before trying again", async () => {
    let calls = 0;
    sms.behaviour = (_request, response) => {
      calls += 1;
      if (calls === 1) return json(response, 429, { code: 20429, message: 'Too Many Requests' }, { 'retry-after': '1' });
      json(response, 201, { sid: 'SM0004' });
    };
    const report = await channels().send('sms', smsMessage());
    expect(report.outcome.status).toBe('sent');
    expect(report.durationMs).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses an SMS longer than the segment limit without calling the provider', async () => {
    const report = await channels().send('sms', smsMessage({ body: 'あ'.repeat(300) }));
    expect(report.outcome).toMatchObject({ status: 'permanent-failure', kind: 'rejected-message', reason: 'SMS needs 5 segments, more than the 3 allowed' });
    expect(sms.requests).toHaveLength(0);
  });

  it('sends LINE push as JSON with the Bearer token and the delivery id as retry key', async () => {
    line.behaviour = (request, response) => {
      if (request.headers.authorization !== `Bearer ${lineToken}`) return json(response, 401, { message: 'Authentication failed' });
      json(response, 200, { sentMessages: [{ id: '461230966842064897', quoteToken: 'q' }] });
    };
    const report = await channels().send('line', smsMessage({ recipientAddress: lineUser, body: '山田 様\n回答: https://anpi.example/a/token-1' }));
    expect(report.outcome).toEqual({ status: 'sent', providerMessageId: '461230966842064897' });
    const [request] = line.requests;
    expect(request.url).toBe('/v2/bot/message/push');
    expect(request.headers['x-line-retry-key']).toBe('0193f0c8-0000-7000-8000-000000000001');
    expect(JSON.parse(request.body.toString())).toEqual({ to: lineUser, messages: [{ type: 'text', text: '山田 様\n回答: https://anpi.example/a/token-1' }] });
  });

  it('reads LINE 400 as permanent and 409 (already accepted under this retry key) as sent', async () => {
    line.behaviour = (_request, response) => json(response, 400, { message: 'The property, to, in the request body is invalid' });
    const rejected = await channels().send('line', smsMessage({ recipientAddress: lineUser }));
    expect(rejected).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', reason: 'provider answered HTTP 400: The property, to, in the request body is invalid' } });
    line.behaviour = (_request, response) => json(response, 409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': 'req-1' });
    const accepted = await channels().send('line', smsMessage({ recipientAddress: lineUser }));
    expect(accepted.outcome).toEqual({ status: 'sent', providerMessageId: 'req-1' });
  });

  it('falls back from SMS to LINE after a permanent SMS failure', async () => {
    sms.behaviour = (_request, response) => json(response, 400, { code: 21614, message: 'not a mobile number' });
    line.behaviour = (_request, response) => json(response, 200, { sentMessages: [{ id: 'L1' }] });
    const message: FallbackMessage = {
      deliveryId: '0193f0c8-0000-7000-8000-000000000002',
      tenantId,
      answerUrl: 'https://anpi.example/a/token-2',
      drill: true,
      language: 'ja',
      recipientAddresses: { sms: ['+81312345678'], line: [lineUser] },
      rendered: { sms: { subject: '', body: '【訓練】回答 https://anpi.example/a/token-2' }, line: { subject: '', body: '【訓練】回答 https://anpi.example/a/token-2' } },
    };
    const result = await channels().sendWithFallback(message, ['sms', 'line']);
    expect(result.sentBy).toBe('line');
    expect(result.attempts.map((attempt) => [attempt.channel, attempt.outcome.status])).toEqual([
      ['sms', 'permanent-failure'],
      ['line', 'sent'],
    ]);
  });

  it('times out a hanging provider, then opens the circuit and fails fast (no unhandled rejection)', async () => {
    sms.behaviour = () => undefined;
    await withoutUnhandledRejections(async () => {
      const hung = await channels().send('sms', smsMessage());
      expect(hung).toMatchObject({ attempts: 3, outcome: { status: 'transient-failure', kind: 'timeout', reason: 'provider did not answer within 300 ms' } });
      await channels().send('sms', smsMessage());
      const requestsWhenOpen = sms.requests.length;
      const fast = await channels().send('sms', smsMessage());
      expect(fast).toMatchObject({ attempts: 1, outcome: { status: 'transient-failure', kind: 'circuit-open' } });
      expect(fast.durationMs).toBeLessThan(100);
      expect(sms.requests).toHaveLength(requestsWhenOpen);
    });
    expect(await stack.metricValue('anpi_provider_circuit_state', { channel: 'sms', provider: new URL(sms.baseUrl).host })).toBe(2);
    expect(await stack.metricValue('anpi_provider_errors_total', { channel: 'sms', kind: 'timeout' })).toBeGreaterThanOrEqual(6);
    expect(await stack.metricValue('anpi_deliveries_total', { channel: 'sms', outcome: 'sent' })).toBeGreaterThanOrEqual(3);
  });
});
