import { EventEnvelope } from '@anpi/contracts';
import { ensureAnpiTopics, localServiceEnvironment, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DirectoryClient, signUpTenant } from './support/directory-client';

/**
 * The company's settings on a real tenant-service process: owners change them, the change is
 * audited and published as `tenant.settings-changed` on the real broker (which dispatch and
 * response-collection apply to their tenant projection), and bad input changes nothing.
 */
describe('tenant settings (GET/PATCH /v1/tenant/settings)', () => {
  const issuer = new TokenIssuer(3232);
  let service: ServiceProcess;
  let tenantId: string;
  let owner: DirectoryClient;
  let admin: DirectoryClient;
  const kafka = new Kafka({ clientId: 'tenant-settings-test', brokers: localServiceEnvironment('tenant-service').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `tenant-settings-test-${randomUUID()}` });
  const published: EventEnvelope<Record<string, unknown>>[] = [];

  beforeAll(async () => {
    await ensureAnpiTopics();
    const joined = new Promise((resolve) => reader.on(reader.events.GROUP_JOIN, resolve));
    await reader.connect();
    await reader.subscribe({ topics: ['tenant.settings-changed'], fromBeginning: false });
    await reader.run({ eachMessage: async ({ message }) => void published.push(JSON.parse(message.value!.toString())) });
    await joined;
    await issuer.start();
    service = await new ServiceProcess('tenant-service', 3231, issuer.serviceEnvironment).start();
    tenantId = await signUpTenant(service.baseUrl, 'settings');
    owner = new DirectoryClient(service.baseUrl, await issuer.token(tenantId, 'owner'));
    admin = new DirectoryClient(service.baseUrl, await issuer.token(tenantId, 'admin'));
  });

  afterAll(async () => {
    await reader.disconnect();
    await service?.stop();
    await issuer.stop();
  });

  it('shows the sign-up defaults to owners and admins, not to members', async () => {
    expect(await admin.get('/v1/tenant/settings')).toEqual({
      status: 200,
      body: { displayName: 'settings 株式会社', defaultLanguage: 'ja', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: false },
    });
    const member = new DirectoryClient(service.baseUrl, await issuer.token(tenantId, 'member'));
    expect((await member.get('/v1/tenant/settings')).status).toBe(403);
  });

  it('lets the owner allow plain-http answer links; audits it and publishes all settings', async () => {
    const changed = await owner.patch('/v1/tenant/settings', { allowPlainHttpAnswerLinks: true, timeZone: 'Asia/Tokyo', displayName: '設定 株式会社' });
    expect(changed).toEqual({ status: 200, body: { displayName: '設定 株式会社', defaultLanguage: 'ja', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: true } });
    await waitFor(async () => published.some((event) => event.tenantId === tenantId), { timeoutMs: 30_000, what: 'tenant.settings-changed on the broker' });
    const [event] = published.filter((candidate) => candidate.tenantId === tenantId);
    expect(event).toMatchObject({ type: 'tenant.settings-changed', version: 1, payload: { tenantId, displayName: '設定 株式会社', allowPlainHttpAnswerLinks: true, defaultLanguage: 'ja' } });
    const audit = await owner.get('/v1/audit-log');
    // Only the fields whose value changed are named (the time zone was already Asia/Tokyo).
    expect(audit.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'tenant.settings_changed', details: { fields: ['allowPlainHttpAnswerLinks', 'displayName'] } })]));
  });

  it('refuses admins: plain-http links are an owner decision', async () => {
    expect((await admin.patch('/v1/tenant/settings', { allowPlainHttpAnswerLinks: false })).status).toBe(403);
    expect((await owner.get('/v1/tenant/settings')).body.allowPlainHttpAnswerLinks).toBe(true);
  });

  it.each([
    ['an empty change', {}],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['the slug, which never changes', { slug: 'other' }],
    ['another tenant id', { tenantId: randomUUID() }],
    ['a non-boolean flag', { allowPlainHttpAnswerLinks: 'yes' }],
  ])('refuses %s with 400 and changes nothing', async (_case, body) => {
    const before = (await owner.get('/v1/tenant/settings')).body;
    expect((await owner.patch('/v1/tenant/settings', body)).status).toBe(400);
    expect((await owner.get('/v1/tenant/settings')).body).toEqual(before);
  });

  it('publishes nothing when nothing changes', async () => {
    const before = published.length;
    expect((await owner.patch('/v1/tenant/settings', { defaultLanguage: 'ja' })).status).toBe(200);
    // The next real change's event proves the relay ran past the no-op, which left no event.
    expect((await owner.patch('/v1/tenant/settings', { defaultLanguage: 'en' })).status).toBe(200);
    await waitFor(async () => published.length > before, { timeoutMs: 30_000, what: 'the language change event' });
    expect(published.slice(before).map((event) => event.payload.defaultLanguage)).toEqual(['en']);
    const database = new Client({ ...connectionTo('anpi_tenant') });
    await database.connect();
    try {
      const { rows } = await database.query(`SELECT count(*)::int AS n FROM audit_log WHERE tenant_id = $1 AND action = 'tenant.settings_changed'`, [tenantId]);
      expect(rows[0].n).toBe(2);
    } finally {
      await database.end();
    }
  });
});

function connectionTo(database: string) {
  const settings = localServiceEnvironment('tenant-service');
  return { host: settings.PGHOST ?? '127.0.0.1', port: Number(settings.PGPORT ?? 5432), user: 'postgres', database };
}
