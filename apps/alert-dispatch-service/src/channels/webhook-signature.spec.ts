import { createHmac } from 'node:crypto';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature';

const secret = 'a-webhook-signing-secret-of-32-characters!';
const body = '{"deliveryId":"d-1"}';

describe('webhook signatures', () => {
  it('are sha256=<hex HMAC of "timestamp.body">', () => {
    const expected = createHmac('sha256', secret).update(`1764115200.${body}`).digest('hex');
    expect(signWebhookBody(secret, 1764115200, body)).toBe(`sha256=${expected}`);
  });

  it('verify with the same secret, body and timestamp within the window', () => {
    const signature = signWebhookBody(secret, 1764115200, body);
    expect(verifyWebhookSignature({ secret, body, signature, timestamp: '1764115200', nowSeconds: 1764115260 })).toBe(true);
  });

  it('refuse a changed body, another secret, an old timestamp or a missing header', () => {
    const signature = signWebhookBody(secret, 1764115200, body);
    const base = { secret, body, signature, timestamp: '1764115200', nowSeconds: 1764115200 };
    expect(verifyWebhookSignature({ ...base, body: '{"deliveryId":"d-2"}' })).toBe(false);
    expect(verifyWebhookSignature({ ...base, secret: `${secret}x` })).toBe(false);
    expect(verifyWebhookSignature({ ...base, nowSeconds: 1764115200 + 301 })).toBe(false);
    expect(verifyWebhookSignature({ ...base, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ ...base, timestamp: 'yesterday' })).toBe(false);
  });
});
