import { createHmac } from 'node:crypto';
import { isSignedByLine, lineWebhookBodySchema } from './line-webhook';

const secret = '0123456789abcdef0123456789abcdef';
const body = Buffer.from(JSON.stringify({ destination: 'Uaaa', events: [] }));
const signatureOf = (bytes: Buffer, key = secret) => createHmac('sha256', key).update(bytes).digest('base64');

describe('the LINE webhook', () => {
  it('trusts only a body signed with the channel secret, byte for byte', () => {
    expect(isSignedByLine(body, signatureOf(body), secret)).toBe(true);
    expect(isSignedByLine(Buffer.from(`${body.toString()} `), signatureOf(body), secret)).toBe(false);
    expect(isSignedByLine(body, signatureOf(body, 'another secret'), secret)).toBe(false);
    expect(isSignedByLine(body, undefined, secret)).toBe(false);
    expect(isSignedByLine(body, 'not base64 at all', secret)).toBe(false);
  });

  it('reads the events it acts on, lets fields LINE adds pass, and refuses malformed ones', () => {
    const parsed = lineWebhookBodySchema.parse({
      destination: 'Uaaa',
      events: [
        { type: 'message', replyToken: 'r1', source: { type: 'user', userId: `U${'a'.repeat(32)}` }, message: { id: '1', type: 'text', text: 'ANPI-x', quoteToken: 'q' }, webhookEventId: 'w1' },
        { type: 'unfollow', source: { type: 'user', userId: `U${'b'.repeat(32)}` } },
      ],
    });
    expect(parsed.events.map((event) => event.type)).toEqual(['message', 'unfollow']);
    expect(lineWebhookBodySchema.safeParse({ destination: 'Uaaa', events: [{ type: 'message', source: { type: 'user', userId: 'someone' } }] }).success).toBe(false);
    expect(lineWebhookBodySchema.safeParse({ events: 'none' }).success).toBe(false);
  });
});
