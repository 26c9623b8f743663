import { z } from 'zod';

const localisedText = z.object({ ja: z.string().min(1).max(200), en: z.string().min(1).max(200) }).strict();

/** The question set as response-collection renders it on the answer page. */
export const alertQuestionV1Schema = z.discriminatedUnion('kind', [
  z
    .object({
      id: z.string().min(1).max(40),
      kind: z.literal('choice'),
      label: localisedText,
      required: z.boolean(),
      choices: z.array(z.object({ id: z.string().min(1).max(40), label: localisedText }).strict()).min(2).max(10),
    })
    .strict(),
  z.object({ id: z.string().min(1).max(40), kind: z.literal('text'), label: localisedText, required: z.boolean(), maxLength: z.number().int().min(1).max(1000) }).strict(),
]);

/**
 * alert.created v1 — a safety check exists and its first round is starting. Dispatch's own
 * fan-out consumes it; response-collection learns the questions and the closing time.
 * No personal data: recipients are resolved by the fan-out, not carried here.
 */
export const alertCreatedV1Schema = z
  .object({
    alertId: z.uuid(),
    title: z.string().min(1).max(100),
    message: z.string().min(1).max(2000),
    questions: z.array(alertQuestionV1Schema).min(1).max(20),
    target: z.record(z.string(), z.unknown()),
    channels: z.array(z.enum(['email', 'push', 'sms', 'line', 'webhook'])).min(1),
    drill: z.boolean(),
    source: z.enum(['manual', 'disaster-rule', 'internal']),
    createdBy: z.string().min(1).max(100),
    closesAt: z.iso.datetime({ offset: true }),
    resend: z.object({ intervalMinutes: z.number().int().min(1), maxRounds: z.number().int().min(0) }).strict(),
  })
  .strict();

export type AlertCreatedV1 = z.infer<typeof alertCreatedV1Schema>;
