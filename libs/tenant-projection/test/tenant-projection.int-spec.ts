import { buildEnvelope, EventEnvelope, TenantCreatedV1, TenantSettingsChangedV1 } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import { ScratchDatabase } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createKnownTenantsTable } from '../src/known-tenants.migration';
import { TenantProjectionController } from '../src/tenant-projection.controller';

/**
 * A service's copy of its tenants on real PostgreSQL: `tenant.created` and
 * `tenant.settings-changed` travel on different topics, so they may arrive in either order —
 * the copy must end with the newest settings either way.
 */
describe('tenant projection (known_tenants)', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  let controller: TenantProjectionController;

  beforeAll(async () => {
    database = await ScratchDatabase.create('anpi_tenant_projection');
    dataSource = await database.dataSource().initialize();
    const runner = dataSource.createQueryRunner();
    await createKnownTenantsTable(runner);
    await runner.release();
    controller = new TenantProjectionController(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const created = (tenantId: string, at: Date): EventEnvelope<TenantCreatedV1> =>
    buildEnvelope({
      type: 'tenant.created',
      version: 1,
      tenantId,
      occurredAt: at,
      payload: { tenantId, slug: 'projection', displayName: '旧名 株式会社', defaultLanguage: 'ja', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: false, owner: { email: 'owner@projection.example', displayName: 'Owner' } },
    }) as EventEnvelope<TenantCreatedV1>;
  const settingsChanged = (tenantId: string, at: Date): EventEnvelope<TenantSettingsChangedV1> =>
    buildEnvelope({
      type: 'tenant.settings-changed',
      version: 1,
      tenantId,
      payload: { tenantId, displayName: '新名 株式会社', defaultLanguage: 'en', timeZone: 'Asia/Tokyo', allowPlainHttpAnswerLinks: true, changedAt: at.toISOString() },
    }) as EventEnvelope<TenantSettingsChangedV1>;

  async function deliver(tenantId: string, handle: (context: KafkaEventContext) => Promise<void>) {
    await dataSource.transaction(async (manager) => {
      await bindTenant(manager, tenantId);
      await handle(new KafkaEventContext([{ manager, topic: 'test', partition: 0, offset: '0', attempt: 1, event: undefined as never }]));
    });
  }

  async function projected(tenantId: string) {
    const [row] = await dataSource.query('SELECT display_name, default_language, allow_plain_http_answer_links FROM known_tenants WHERE tenant_id = $1', [tenantId]);
    return row;
  }

  it.each([
    ['creation first', ['created', 'settings'] as const],
    ['settings first (the creation event arrives late)', ['settings', 'created'] as const],
  ])('ends with the newest settings: %s', async (_case, order) => {
    const tenantId = randomUUID();
    const signUpTime = new Date('2026-11-26T01:00:00Z');
    const changeTime = new Date('2026-11-26T02:00:00Z');
    for (const step of order) {
      if (step === 'created') await deliver(tenantId, (context) => controller.recordTenant(created(tenantId, signUpTime), context));
      else await deliver(tenantId, (context) => controller.recordSettingsChange(settingsChanged(tenantId, changeTime), context));
    }
    expect(await projected(tenantId)).toEqual({ display_name: '新名 株式会社', default_language: 'en', allow_plain_http_answer_links: true });
  });

  it('applies a redelivered creation event once, changing nothing', async () => {
    const tenantId = randomUUID();
    const event = created(tenantId, new Date('2026-11-26T01:00:00Z'));
    await deliver(tenantId, (context) => controller.recordTenant(event, context));
    await deliver(tenantId, (context) => controller.recordTenant(event, context));
    expect(await projected(tenantId)).toEqual({ display_name: '旧名 株式会社', default_language: 'ja', allow_plain_http_answer_links: false });
  });
});
