import { z } from 'zod';

/**
 * What a company lets its employees connect themselves from their answer page, v1:
 * alert-dispatch-service answers `GET /internal/v1/tenants/{tenantId}/notification-offers`
 * from the company's channel settings; response-collection decides with it whether the page
 * shows "notify me" (Web Push, with the VAPID public key the browser subscribes with) and
 * "get safety checks on LINE" (the company's LINE official account). Both ends check it.
 */
export const notificationOffersV1Schema = z
  .object({
    webPush: z.object({ publicKey: z.string().min(80).max(200) }).strict().nullable(),
    line: z.object({ officialAccountId: z.string().regex(/^@[0-9a-z._-]{3,32}$/) }).strict().nullable(),
  })
  .strict();

export type NotificationOffersV1 = z.infer<typeof notificationOffersV1Schema>;

/**
 * Where an employee's phone goes to link their LINE account, v1
 * (`GET /internal/v1/tenants/{tenantId}/recipients/{recipientId}/line-link`): a LINE URL that
 * opens a chat with the company's official account with a one-time link code typed in.
 */
export const lineLinkV1Schema = z
  .object({
    url: z
      .url({ protocol: /^https$/ })
      .max(500)
      .refine((url) => new URL(url).hostname === 'line.me', 'a line.me URL'),
    expiresAt: z.iso.datetime(),
  })
  .strict();

export type LineLinkV1 = z.infer<typeof lineLinkV1Schema>;
