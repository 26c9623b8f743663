import { InternalServiceGuard } from '@anpi/auth-guard';
import { EventEnvelope, TenantCreatedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { Account } from './account.entity';
import { ProvisionOwnerAccount } from './provision-owner-account';

@Controller()
export class AccountsController {
  constructor(
    private readonly provisionOwner: ProvisionOwnerAccount,
    private readonly dataSource: DataSource,
  ) {}

  @EventPattern(TOPICS.tenantCreated.name)
  async onTenantCreated(@Payload() event: EventEnvelope<TenantCreatedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.provisionOwner.execute(context.manager, event.payload);
  }

  /** Accounts of a tenant without personal data, for other services and operators' checks. */
  @Get('internal/v1/tenants/:tenantId/accounts')
  @UseGuards(InternalServiceGuard)
  async listAccounts(@Param('tenantId', new ParseUUIDPipe()) tenantId: string) {
    const accounts = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.getRepository(Account).find({ order: { createdAt: 'ASC' } }),
    );
    return accounts.map(({ id, role, status, createdAt }) => ({ id, role, status, createdAt }));
  }
}
