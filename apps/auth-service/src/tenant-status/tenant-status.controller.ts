import { EventEnvelope, TenantStatusChangedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TenantStatuses } from './tenant-statuses';

@Controller()
export class TenantStatusController {
  constructor(private readonly statuses: TenantStatuses) {}

  @EventPattern(TOPICS.tenantStatusChanged.name)
  async onTenantStatusChanged(@Payload() event: EventEnvelope<TenantStatusChangedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.statuses.apply(context.manager, event.payload);
  }
}
