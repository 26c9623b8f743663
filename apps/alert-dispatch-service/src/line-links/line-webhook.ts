import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const lineUserId = z.string().regex(/^U[0-9a-f]{32}$/);

/**
 * The parts of a LINE Messaging API webhook this service acts on. LINE adds fields over time,
 * so unknown ones pass; what is used is checked.
 */
const lineWebhookEventSchema = z
  .object({
    type: z.string().max(40),
    replyToken: z.string().max(200).optional(),
    source: z.object({ type: z.string().max(20), userId: lineUserId.optional() }).loose().optional(),
    message: z.object({ type: z.string().max(20), text: z.string().max(5_000).optional() }).loose().optional(),
  })
  .loose();

export const lineWebhookBodySchema = z.object({ destination: z.string().max(100), events: z.array(lineWebhookEventSchema).max(100) }).loose();

export type LineWebhookEvent = z.infer<typeof lineWebhookEventSchema>;

/** `X-Line-Signature`: base64 HMAC-SHA256 of the exact body bytes under the channel secret. */
export function isSignedByLine(rawBody: Buffer, signature: string | undefined, channelSecret: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', channelSecret).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
