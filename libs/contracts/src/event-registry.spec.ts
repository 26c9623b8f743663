import { buildEnvelope } from './envelope';
import { assertValidEvent, topicForEvent, validateEvent } from './event-registry';
import { deadLetterTopicName, retryTopicName, topicSpec } from './topics';

const tenantId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';
const payload = {
  tenantId,
  slug: 'acme',
  displayName: 'Acme',
  defaultLanguage: 'ja',
  timeZone: 'Asia/Tokyo',
  allowPlainHttpAnswerLinks: false,
  owner: { email: 'owner@example.test', displayName: 'Owner' },
};

describe('event contracts', () => {
  it('builds envelopes with a UUIDv7 id and validates them', () => {
    const event = buildEnvelope({ type: 'tenant.created', version: 1, tenantId, payload });
    expect(event.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(validateEvent(JSON.stringify(event))).toEqual({ ok: true, event });
    expect(validateEvent(Buffer.from(JSON.stringify(event)))).toMatchObject({ ok: true });
  });

  it.each([
    ['not JSON', '{oops', 'malformed: body is not JSON'],
    ['an unknown type', { type: 'tenant.exploded' }, 'unknown event type: tenant.exploded'],
    ['an unknown version', { version: 2 }, 'unknown version 2 of tenant.created'],
    ['an extra envelope field', { extra: true }, 'malformed envelope: (root): Unrecognized key: "extra"'],
    ['a bad payload', { payload: { ...payload, defaultLanguage: 'fr' } }, /^invalid tenant.created v1 payload: defaultLanguage/],
    ['a bad tenant id', { tenantId: 'tenant-1' }, /^malformed envelope: tenantId/],
  ])('rejects %s with a reason', (_case, change, reason) => {
    const raw = typeof change === 'string' ? change : JSON.stringify({ ...buildEnvelope({ type: 'tenant.created', version: 1, tenantId, payload }), ...change });
    const result = validateEvent(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('refuses to let a producer publish an invalid event', () => {
    const event = buildEnvelope({ type: 'tenant.created', version: 1, tenantId, payload: { ...payload, owner: undefined } });
    expect(() => assertValidEvent(event)).toThrow(/refusing to publish an invalid event: invalid tenant.created v1 payload: owner/);
  });

  it('knows each event topic and derives per-group retry and dead-letter topics', () => {
    expect(topicForEvent('tenant.created')).toBe('tenant.created');
    expect(topicSpec('tenant.created')?.owner).toBe('tenant-service');
    expect(retryTopicName('auth-service', 2)).toBe('auth-service.retry.2');
    expect(deadLetterTopicName('auth-service')).toBe('auth-service.dlq');
  });
});
