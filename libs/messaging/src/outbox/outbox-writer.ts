import { EventEnvelope, EventType, assertValidEvent, buildEnvelope, topicForEvent } from '@anpi/contracts';
import { EntityManager } from 'typeorm';

export interface OutgoingEvent {
  type: EventType;
  version: number;
  tenantId: string;
  payload: unknown;
  /** Partition key; tenantId keeps one tenant's events in order. */
  key?: string;
}

/**
 * Appends events to the outbox inside the caller's transaction: the event exists if and only
 * if the state change committed. Validated here so a bad event never reaches a consumer.
 */
export async function appendToOutbox(manager: EntityManager, events: readonly OutgoingEvent[]): Promise<EventEnvelope[]> {
  if (events.length === 0) {
    return [];
  }
  const envelopes = events.map((event) => buildEnvelope(event));
  envelopes.forEach(assertValidEvent);
  const ids: string[] = [];
  const topics: string[] = [];
  const keys: string[] = [];
  const bodies: string[] = [];
  envelopes.forEach((envelope, index) => {
    ids.push(envelope.eventId);
    topics.push(topicForEvent(events[index].type));
    keys.push(events[index].key ?? envelope.tenantId);
    bodies.push(JSON.stringify(envelope));
  });
  // One statement for the whole batch, whatever its size.
  await manager.query(
    `INSERT INTO outbox (event_id, topic, message_key, envelope)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[])`,
    [ids, topics, keys, bodies],
  );
  return envelopes;
}
