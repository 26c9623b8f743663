import { z } from 'zod';
import { EventEnvelope, eventEnvelopeSchema } from './envelope';
import { accessRevokedV1Schema } from './events/auth-events';
import { tenantCreatedV1Schema, tenantNoticePostedV1Schema, tenantSettingsChangedV1Schema, tenantStatusChangedV1Schema } from './events/tenant-events';
import { departmentChangedV1Schema, employeeRemovedV1Schema, employeeUpsertedV1Schema } from './events/directory-events';
import { responseReceivedV1Schema } from './events/response-events';
import { alertClosedV1Schema, alertCreatedV1Schema, alertProgressV1Schema, answerLinksIssuedV1Schema, deliveriesRequestedV1Schema, deliveryOutcomesV1Schema } from './events/alert-events';
import { disasterCancellationNoticeV1Schema, disasterEventV1Schema } from './events/disaster-event';
import { TOPICS } from './topics';

/**
 * The catalogue of (type, version) → payload schema and topic. Producers validate before
 * writing to the outbox; consumers validate on receipt. Adding a version means adding an
 * entry here; removing one is a breaking change announced in docs/events.md.
 */
const registry = {
  'tenant.created': { topic: TOPICS.tenantCreated.name, versions: { 1: tenantCreatedV1Schema } },
  'tenant.settings-changed': { topic: TOPICS.tenantSettingsChanged.name, versions: { 1: tenantSettingsChangedV1Schema } },
  'tenant.status-changed': { topic: TOPICS.tenantStatusChanged.name, versions: { 1: tenantStatusChangedV1Schema } },
  'tenant.notice-posted': { topic: TOPICS.tenantNoticePosted.name, versions: { 1: tenantNoticePostedV1Schema } },
  'employee.upserted': { topic: TOPICS.employeeUpserted.name, versions: { 1: employeeUpsertedV1Schema } },
  'employee.removed': { topic: TOPICS.employeeRemoved.name, versions: { 1: employeeRemovedV1Schema } },
  'department.changed': { topic: TOPICS.departmentChanged.name, versions: { 1: departmentChangedV1Schema } },
  'alert.created': { topic: TOPICS.alertCreated.name, versions: { 1: alertCreatedV1Schema } },
  'deliveries.requested': { topic: TOPICS.deliveriesRequested.name, versions: { 1: deliveriesRequestedV1Schema } },
  'answer-links.issued': { topic: TOPICS.answerLinksIssued.name, versions: { 1: answerLinksIssuedV1Schema } },
  'alert.closed': { topic: TOPICS.alertClosed.name, versions: { 1: alertClosedV1Schema } },
  'alert.progress': { topic: TOPICS.alertProgress.name, versions: { 1: alertProgressV1Schema } },
  'delivery.outcomes': { topic: TOPICS.deliveryOutcomes.name, versions: { 1: deliveryOutcomesV1Schema } },
  'response.received': { topic: TOPICS.responseReceived.name, versions: { 1: responseReceivedV1Schema } },
  'auth.access-revoked': { topic: TOPICS.accessRevoked.name, versions: { 1: accessRevokedV1Schema } },
  'disaster.event': { topic: TOPICS.disasterEvent.name, versions: { 1: disasterEventV1Schema } },
  'disaster.cancellation-notice': { topic: TOPICS.disasterCancellationNotice.name, versions: { 1: disasterCancellationNoticeV1Schema } },
} as const satisfies Record<string, { topic: string; versions: Record<number, z.ZodType> }>;

export type EventType = keyof typeof registry;

type Versions<T extends EventType> = (typeof registry)[T]['versions'];
export type EventPayload<T extends EventType, V extends keyof Versions<T> = keyof Versions<T>> = z.infer<
  Versions<T>[V] & z.ZodType
>;

export function topicForEvent(type: EventType): string {
  return registry[type].topic;
}

export function isKnownEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(registry, type);
}

export type EventValidationResult =
  | { ok: true; event: EventEnvelope }
  | { ok: false; reason: string };

/** Checks raw bytes/JSON against the envelope and the registered payload schema. */
export function validateEvent(raw: unknown): EventValidationResult {
  let candidate = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      candidate = JSON.parse(raw.toString());
    } catch {
      return { ok: false, reason: 'malformed: body is not JSON' };
    }
  }
  const envelope = eventEnvelopeSchema.safeParse(candidate);
  if (!envelope.success) {
    return { ok: false, reason: `malformed envelope: ${describeIssues(envelope.error)}` };
  }
  const { type, version } = envelope.data;
  if (!isKnownEventType(type)) {
    return { ok: false, reason: `unknown event type: ${type}` };
  }
  const versions: Record<number, z.ZodType> = registry[type].versions;
  const schema = versions[version];
  if (!schema) {
    return { ok: false, reason: `unknown version ${version} of ${type}` };
  }
  const payload = schema.safeParse(envelope.data.payload);
  if (!payload.success) {
    return { ok: false, reason: `invalid ${type} v${version} payload: ${describeIssues(payload.error)}` };
  }
  return { ok: true, event: { ...envelope.data, payload: payload.data } };
}

/** Throws when a producer is about to publish something consumers would reject. */
export function assertValidEvent(event: EventEnvelope): void {
  const result = validateEvent(event);
  if (!result.ok) {
    throw new Error(`refusing to publish an invalid event: ${result.reason}`);
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
