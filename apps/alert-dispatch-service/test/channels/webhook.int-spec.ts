import { ChannelMessage, TenantChannelSettings, WebhookDeliveryBody, verifyWebhookSignature } from '../../src/channels';
import { ChannelTestStack, LocalProvider } from './channel-test-stack';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const signingSecret = 'internal-consumer-shared-secret-0123456789';

describe('signed webhooks to an internal consumer', () => {
  let stack: ChannelTestStack;
  const receiver = new LocalProvider();
  let settings: TenantChannelSettings;
  const accepted: WebhookDeliveryBody[] = [];

  beforeAll(async () => {
    stack = await ChannelTestStack.start();
    await receiver.listen(3405);
    settings = { webhook: { url: `${receiver.baseUrl}/anpi/deliveries`, signingSecret } };
  });

  afterAll(async () => {
    await stack.stop();
    await receiver.close();
  });

  const message: ChannelMessage = {
    deliveryId: '0193f0c8-0000-7000-8000-000000000001',
    tenantId,
    recipientAddress: 'employee-0042',
    subject: '[Safety check] Earthquake',
    body: 'Please answer https://anpi.example/a/hook-token',
    answerUrl: 'https://anpi.example/a/hook-token',
    drill: false,
    language: 'en',
  };

  /** The receiver as an internal consumer should write it: verify first, then accept. */
  function verifyingReceiver(failFirst: number) {
    let calls = 0;
    receiver.behaviour = (request, response) => {
      calls += 1;
      const body = request.body.toString('utf8');
      const valid = verifyWebhookSignature({
        secret: signingSecret,
        body,
        signature: request.headers['x-anpi-signature'] as string | undefined,
        timestamp: request.headers['x-anpi-timestamp'] as string | undefined,
      });
      if (!valid) return void response.writeHead(401).end();
      if (calls <= failFirst) return void response.writeHead(503).end();
      accepted.push(JSON.parse(body));
      response.writeHead(202).end();
    };
  }

  it('posts the delivery as JSON with an HMAC signature the receiver verifies', async () => {
    verifyingReceiver(0);
    const report = await stack.registry.forTenant(tenantId, settings).send('webhook', message);
    expect(report.outcome).toEqual({ status: 'sent', providerMessageId: message.deliveryId });
    expect(receiver.requests[0].headers['x-anpi-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(receiver.requests[0].headers['x-anpi-delivery-id']).toBe(message.deliveryId);
    expect(accepted).toEqual([
      {
        deliveryId: message.deliveryId,
        tenantId,
        recipient: 'employee-0042',
        subject: message.subject,
        body: message.body,
        answerUrl: message.answerUrl,
        drill: false,
        language: 'en',
      },
    ]);
  });

  it('is refused by the receiver when signed with another secret (permanent: credentials)', async () => {
    verifyingReceiver(0);
    const wrongSecret = { webhook: { ...settings.webhook!, signingSecret: 'a-different-secret-of-enough-length-000' } };
    const report = await stack.registry.forTenant(tenantId, wrongSecret).send('webhook', message);
    expect(report).toMatchObject({ attempts: 1, outcome: { status: 'permanent-failure', kind: 'rejected-credentials' } });
  });

  it('retries a receiver that answers 503, each retry freshly signed', async () => {
    accepted.length = 0;
    receiver.requests.length = 0;
    verifyingReceiver(2);
    const report = await stack.registry.forTenant(tenantId, settings).send('webhook', message);
    expect(report).toMatchObject({ attempts: 3, outcome: { status: 'sent' } });
    expect(accepted).toHaveLength(1);
  });
});
