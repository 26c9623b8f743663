import { z } from 'zod';

export const languageSchema = z.enum(['ja', 'en']);

/** tenant.created v1 — a company signed up; other services provision from it. */
export const tenantCreatedV1Schema = z
  .object({
    tenantId: z.uuid(),
    slug: z.string().min(2).max(63),
    displayName: z.string().min(1).max(200),
    defaultLanguage: languageSchema,
    timeZone: z.string().min(1).max(64),
    allowPlainHttpAnswerLinks: z.boolean(),
    owner: z
      .object({
        email: z.email().max(254),
        displayName: z.string().min(1).max(200),
      })
      .strict(),
  })
  .strict();

export type TenantCreatedV1 = z.infer<typeof tenantCreatedV1Schema>;
