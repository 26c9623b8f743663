import { InternalServiceGuard } from '@anpi/auth-guard';
import { EventEnvelope, TenantCreatedV1, TenantSettingsChangedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { KnownTenant } from './known-tenant.entity';

@Controller()
export class TenantProjectionController {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs in the consumer's transaction, already bound to the event's tenant. */
  @EventPattern(TOPICS.tenantCreated.name)
  async recordTenant(@Payload() event: EventEnvelope<TenantCreatedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await recordSettings(context, { ...event.payload, changedAt: event.occurredAt });
  }

  /** Settings events and the creation event travel on different topics: the newest wins. */
  @EventPattern(TOPICS.tenantSettingsChanged.name)
  async recordSettingsChange(@Payload() event: EventEnvelope<TenantSettingsChangedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await recordSettings(context, event.payload);
  }

  @Get('internal/v1/tenants/:tenantId')
  @UseGuards(InternalServiceGuard)
  async getKnownTenant(@Param('tenantId', new ParseUUIDPipe()) tenantId: string): Promise<KnownTenant> {
    const tenant = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.getRepository(KnownTenant).findOneBy({ tenantId }),
    );
    if (!tenant) throw new NotFoundException('tenant not known to this service');
    return tenant;
  }
}

type TenantSettings = Pick<TenantSettingsChangedV1, 'tenantId' | 'displayName' | 'defaultLanguage' | 'timeZone' | 'allowPlainHttpAnswerLinks' | 'changedAt'>;

/** `recorded_at` holds the time of the settings the row shows; an older event changes nothing. */
async function recordSettings(context: KafkaEventContext, tenant: TenantSettings): Promise<void> {
  await context.manager.query(
    `INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant_id) DO UPDATE SET display_name = EXCLUDED.display_name,
       default_language = EXCLUDED.default_language, time_zone = EXCLUDED.time_zone,
       allow_plain_http_answer_links = EXCLUDED.allow_plain_http_answer_links, recorded_at = EXCLUDED.recorded_at
     WHERE known_tenants.recorded_at <= EXCLUDED.recorded_at`,
    [tenant.tenantId, tenant.displayName, tenant.defaultLanguage, tenant.timeZone, tenant.allowPlainHttpAnswerLinks, tenant.changedAt],
  );
}
