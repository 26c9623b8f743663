import { mailSender } from '@anpi/config';
import { z } from 'zod';

/**
 * A tenant's providers and credentials, per channel. They arrive as data (from the tenant's
 * stored settings) and are validated here, so a bad setting is one clear error naming the
 * field instead of a failed send later.
 */
const providerUrl = z.url({ protocol: /^https?$/ });

export const emailChannelSettingsSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict().optional(),
    from: mailSender,
  })
  .strict();

export const webPushChannelSettingsSchema = z
  .object({
    /** mailto: or https: contact for push services, part of the VAPID claim. */
    vapidSubject: z.string().regex(/^(mailto:|https:\/\/)/, 'mailto: or https: URL'),
    vapidPublicKey: z.string().min(80),
    vapidPrivateKey: z.string().min(40),
    timeToLiveSeconds: z.number().int().min(0).max(2_419_200).default(86_400),
  })
  .strict();

export const smsChannelSettingsSchema = z
  .object({
    /** A Twilio-compatible REST API, e.g. https://api.twilio.com. */
    baseUrl: providerUrl,
    accountSid: z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'letters and digits'),
    authToken: z.string().min(8),
    from: z.string().min(3).max(32),
  })
  .strict();

export const lineChannelSettingsSchema = z
  .object({
    /** https://api.line.me in production. */
    baseUrl: providerUrl,
    channelAccessToken: z.string().min(16),
    /** The channel secret (LINE Developers console): signs the webhook that employees' own links arrive by. */
    channelSecret: z.string().regex(/^[0-9a-f]{32}$/, 'the 32 hex digits of the channel secret').optional(),
    /** The official account's basic ID, e.g. @123abcde. With channelSecret, answer pages offer "get safety checks on LINE". */
    officialAccountId: z.string().regex(/^@[0-9a-z._-]{3,32}$/, 'the basic ID, e.g. @123abcde').optional(),
  })
  .strict();

export const webhookChannelSettingsSchema = z
  .object({
    url: providerUrl,
    /** Shared with the receiving system, which verifies X-Anpi-Signature with it. */
    signingSecret: z.string().min(32),
  })
  .strict();

export const tenantChannelSettingsSchema = z
  .object({
    email: emailChannelSettingsSchema.optional(),
    'web-push': webPushChannelSettingsSchema.optional(),
    sms: smsChannelSettingsSchema.optional(),
    line: lineChannelSettingsSchema.optional(),
    webhook: webhookChannelSettingsSchema.optional(),
  })
  .strict();

export type EmailChannelSettings = z.infer<typeof emailChannelSettingsSchema>;
export type WebPushChannelSettings = z.infer<typeof webPushChannelSettingsSchema>;
export type SmsChannelSettings = z.infer<typeof smsChannelSettingsSchema>;
export type LineChannelSettings = z.infer<typeof lineChannelSettingsSchema>;
export type WebhookChannelSettings = z.infer<typeof webhookChannelSettingsSchema>;
export type TenantChannelSettings = z.infer<typeof tenantChannelSettingsSchema>;
