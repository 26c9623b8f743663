import { InternalServiceGuard } from '@anpi/auth-guard';
import { EventEnvelope, TenantCreatedV1, TOPICS } from '@anpi/contracts';
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
    const tenant = event.payload;
    await context.manager.query(
      `INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id) DO UPDATE SET display_name = EXCLUDED.display_name,
         default_language = EXCLUDED.default_language, time_zone = EXCLUDED.time_zone,
         allow_plain_http_answer_links = EXCLUDED.allow_plain_http_answer_links`,
      [tenant.tenantId, tenant.displayName, tenant.defaultLanguage, tenant.timeZone, tenant.allowPlainHttpAnswerLinks],
    );
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
