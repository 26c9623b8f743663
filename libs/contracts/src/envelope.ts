import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';

/**
 * Every event on every topic has this envelope. The payload schema is chosen by
 * (type, version); consumers reject what they do not know instead of guessing.
 */
export const eventEnvelopeSchema = z
  .object({
    eventId: z.uuid(),
    type: z.string().min(1).max(100),
    version: z.number().int().positive(),
    tenantId: z.uuid(),
    occurredAt: z.iso.datetime({ offset: true }),
    payload: z.unknown(),
  })
  .strict();

export type EventEnvelope<TPayload = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'payload'> & {
  payload: TPayload;
};

export interface NewEvent<TPayload> {
  type: string;
  version: number;
  tenantId: string;
  payload: TPayload;
  occurredAt?: Date;
}

/** Builds an envelope with a time-ordered UUIDv7 id (sortable, index-friendly). */
export function buildEnvelope<TPayload>(event: NewEvent<TPayload>): EventEnvelope<TPayload> {
  return {
    eventId: uuidv7(),
    type: event.type,
    version: event.version,
    tenantId: event.tenantId,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    payload: event.payload,
  };
}
