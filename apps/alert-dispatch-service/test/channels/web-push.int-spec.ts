import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { decrypt } from 'http_ece';
import webPush from 'web-push';
import { ChannelMessage, PushNotificationPayload, TenantChannelSettings } from '../../src/channels';
import { ChannelTestStack, LocalProvider, ReceivedRequest } from './channel-test-stack';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';

/** A browser's side of a push subscription: its key pair and auth secret stay here, in the test. */
function browserSubscription(endpoint: string) {
  const keys = createECDH('prime256v1');
  keys.generateKeys();
  const authSecret = randomBytes(16);
  const subscription = { endpoint, keys: { p256dh: keys.getPublicKey().toString('base64url'), auth: authSecret.toString('base64url') } };
  return { keys, authSecret, address: JSON.stringify(subscription) };
}

/** Checks the VAPID JWT like a push service does: ES256 signature by the key in k=, audience, subject, expiry. */
function verifiedVapidClaims(request: ReceivedRequest, expectedPublicKey: string): Record<string, unknown> {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(String(request.headers.authorization));
  if (!match) throw new Error(`no VAPID authorization: ${request.headers.authorization}`);
  const [, token, publicKey] = match;
  expect(publicKey).toBe(expectedPublicKey);
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, format: 'jwk' });
  const [header, payload, signature] = token.split('.');
  expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

describe('Web Push with VAPID and real payload encryption', () => {
  let stack: ChannelTestStack;
  const pushService = new LocalProvider();
  const vapid = webPush.generateVAPIDKeys();
  let settings: TenantChannelSettings;

  beforeAll(async () => {
    stack = await ChannelTestStack.start();
    await pushService.listen(3402);
    settings = { 'web-push': { vapidSubject: 'mailto:crisis@acme.example', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, timeToLiveSeconds: 3_600 } };
  });

  afterAll(async () => {
    await stack.stop();
    await pushService.close();
  });

  function message(address: string): ChannelMessage {
    return {
      deliveryId: '0193f0c8-0000-7000-8000-000000000001',
      tenantId,
      recipientAddress: address,
      subject: '【訓練】【安否確認】震度6強',
      body: '【訓練】【安否確認】Acme 回答してください https://anpi.example/a/push-token',
      answerUrl: 'https://anpi.example/a/push-token',
      drill: true,
      language: 'ja',
    };
  }

  it('sends a payload only the subscribed browser can decrypt, signed with the tenant’s VAPID key', async () => {
    pushService.behaviour = (_request, response) => response.writeHead(201, { location: `${pushService.baseUrl}/messages/m-1` }).end();
    const browser = browserSubscription(`${pushService.baseUrl}/push/subscription-1`);
    const report = await stack.registry.forTenant(tenantId, settings).send('web-push', message(browser.address));
    expect(report.outcome).toEqual({ status: 'sent', providerMessageId: `${pushService.baseUrl}/messages/m-1` });

    const [request] = pushService.requests;
    expect(request.url).toBe('/push/subscription-1');
    expect(request.headers['content-encoding']).toBe('aes128gcm');
    expect(request.headers.ttl).toBe('3600');
    expect(request.headers.urgency).toBe('high');
    expect(request.body.includes(Buffer.from('push-token'))).toBe(false);
    const payload: PushNotificationPayload = JSON.parse(decrypt(request.body, { version: 'aes128gcm', privateKey: browser.keys, authSecret: browser.authSecret }).toString('utf8'));
    expect(payload).toEqual({
      title: '【訓練】【安否確認】震度6強',
      body: '【訓練】【安否確認】Acme 回答してください https://anpi.example/a/push-token',
      url: 'https://anpi.example/a/push-token',
      drill: true,
      deliveryId: '0193f0c8-0000-7000-8000-000000000001',
    });
    const claims = verifiedVapidClaims(request, vapid.publicKey);
    expect(claims).toMatchObject({ aud: pushService.baseUrl, sub: 'mailto:crisis@acme.example' });
    expect(claims.exp).toEqual(expect.any(Number));
  });

  it('reads 410 Gone (unsubscribed) as a permanent recipient failure', async () => {
    pushService.behaviour = (_request, response) => response.writeHead(410).end('push subscription has unsubscribed or expired');
    const browser = browserSubscription(`${pushService.baseUrl}/push/subscription-2`);
    const report = await stack.registry.forTenant(tenantId, settings).send('web-push', message(browser.address));
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-recipient' } });
  });

  it('retries after a 429 with Retry-After', async () => {
    let calls = 0;
    pushService.behaviour = (_request, response) => {
      calls += 1;
      return calls === 1 ? response.writeHead(429, { 'retry-after': '1' }).end() : response.writeHead(201).end();
    };
    const browser = browserSubscription(`${pushService.baseUrl}/push/subscription-3`);
    const report = await stack.registry.forTenant(tenantId, settings).send('web-push', message(browser.address));
    expect(report).toMatchObject({ attempts: 2, outcome: { status: 'sent' } });
    expect(report.durationMs).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses a malformed subscription without calling anyone', async () => {
    const before = pushService.requests.length;
    const report = await stack.registry.forTenant(tenantId, settings).send('web-push', message('{"endpoint":"not a url"}'));
    expect(report.outcome).toMatchObject({ status: 'permanent-failure', kind: 'rejected-recipient', reason: 'not a push subscription (endpoint and keys)' });
    expect(pushService.requests).toHaveLength(before);
  });
});
