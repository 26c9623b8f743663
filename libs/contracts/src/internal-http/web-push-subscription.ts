import { z } from 'zod';

const base64urlBytes = (bytes: number, what: string) =>
  z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, `${what} must be base64url`)
    .refine((value) => Buffer.from(value, 'base64url').length === bytes, `${what} must be ${bytes} bytes`);

/**
 * A browser's Web Push subscription, v1, as `PushSubscription.toJSON()` gives it: the push
 * service's endpoint (RFC 8030), the browser's P-256 public key and its 16-byte auth secret
 * (RFC 8291). The answer page posts it to response-collection, which passes it to
 * alert-dispatch-service (`PUT /internal/v1/tenants/{tenantId}/recipients/{recipientId}/push-subscriptions`);
 * both check it with this schema. Endpoints are https; `allowPlainHttp` only where the
 * installation lets providers be plain http (a local push service in tests).
 */
export function webPushSubscriptionV1Schema(allowPlainHttp = false) {
  return z
    .object({
      endpoint: z.url({ protocol: allowPlainHttp ? /^https?$/ : /^https$/ }).max(1000),
      expirationTime: z.number().nullable().optional(),
      keys: z.object({ p256dh: base64urlBytes(65, 'keys.p256dh'), auth: base64urlBytes(16, 'keys.auth') }).strict(),
    })
    .strict();
}

export type WebPushSubscriptionV1 = z.infer<ReturnType<typeof webPushSubscriptionV1Schema>>;
