import { z } from 'zod';
import { CHANNEL_KINDS } from '../channels/channel';
import { alertTargetSchema } from './alert-target';
import { questionSetSchema } from './question-set';

/** What an admin, a disaster rule or an internal caller sends to create a safety check. */
export const createAlertCommandSchema = z
  .object({
    title: z.string().trim().min(1).max(100),
    message: z.string().trim().min(1).max(2000),
    /**
     * Absent: the tenant's own question set, or Anpi's defaults (CreateAlert resolves it in its
     * transaction, so REST, gRPC and disaster rules all get it, and a request without questions
     * hashes the same for its Idempotency-Key whatever the tenant's set is at the time).
     */
    questions: questionSetSchema.optional(),
    target: alertTargetSchema,
    /** Fallback order: the next channel is tried after a permanent failure of the previous one. */
    channels: z
      .array(z.enum(CHANNEL_KINDS))
      .min(1)
      .max(CHANNEL_KINDS.length)
      .refine((channels) => new Set(channels).size === channels.length, 'each channel at most once')
      .default(['email']),
    drill: z.boolean().default(false),
    resend: z
      .object({
        intervalMinutes: z.number().int().min(5).max(1440).default(15),
        maxRounds: z.number().int().min(0).max(10).default(4),
      })
      .strict()
      .default({ intervalMinutes: 15, maxRounds: 4 }),
    autoCloseAfterHours: z.number().int().min(1).max(24 * 30).default(72),
    /**
     * Asks everyone in the company this long after the alert started (people travelling outside
     * their registered prefecture); those already asked are not asked twice. Unset = never.
     */
    widenToAllAfterMinutes: z.number().int().min(1).max(24 * 60).optional(),
  })
  .strict();

export type CreateAlertCommand = z.infer<typeof createAlertCommandSchema>;
