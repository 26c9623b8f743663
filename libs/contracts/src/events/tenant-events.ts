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

/**
 * tenant.settings-changed v1 — an owner changed the company's settings. Carries them all (not a
 * diff), so a consumer can apply the newest by `changedAt` whatever order events arrive in.
 */
export const tenantSettingsChangedV1Schema = z
  .object({
    tenantId: z.uuid(),
    displayName: z.string().min(1).max(200),
    defaultLanguage: languageSchema,
    timeZone: z.string().min(1).max(64),
    allowPlainHttpAnswerLinks: z.boolean(),
    changedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type TenantSettingsChangedV1 = z.infer<typeof tenantSettingsChangedV1Schema>;

/**
 * tenant.status-changed v1 — a platform operator suspended or resumed a tenant. While
 * suspended, its people cannot sign in and its API calls are refused; its data is kept.
 */
export const tenantStatusChangedV1Schema = z
  .object({
    tenantId: z.uuid(),
    status: z.enum(['active', 'suspended']),
    changedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type TenantStatusChangedV1 = z.infer<typeof tenantStatusChangedV1Schema>;

/**
 * tenant.notice-posted v1 — a platform operator's notice (incident, maintenance) for this
 * tenant's administrators; one event per tenant. Auth-service e-mails the owners and admins.
 */
export const tenantNoticePostedV1Schema = z
  .object({
    tenantId: z.uuid(),
    noticeId: z.uuid(),
    kind: z.enum(['incident', 'maintenance']),
    title: z.string().min(1).max(200),
    body: z.string().min(1).max(5000),
    postedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type TenantNoticePostedV1 = z.infer<typeof tenantNoticePostedV1Schema>;
