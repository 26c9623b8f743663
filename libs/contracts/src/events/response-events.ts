import { z } from 'zod';

/**
 * response.received v1 — a recipient answered (or changed an answer). Dispatch stops
 * re-sending to them; aggregates and internal consumers update. The answers are the ids the
 * question set defines, and free text as typed (escaped on output, never interpreted).
 */
export const responseReceivedV1Schema = z
  .object({
    alertId: z.uuid(),
    recipientId: z.uuid(),
    answers: z.record(z.string().min(1).max(40), z.string().max(1000)),
    revision: z.number().int().min(1),
    firstAnsweredAt: z.iso.datetime({ offset: true }),
    answeredAt: z.iso.datetime({ offset: true }),
    via: z.enum(['answer-page', 'console']),
  })
  .strict();

export type ResponseReceivedV1 = z.infer<typeof responseReceivedV1Schema>;
