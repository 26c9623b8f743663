import { DeliveryOutcomesV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ContactAttemptsStore } from './contact-attempts';

/** Learns from dispatch which channels reached (or failed to reach) each recipient. */
@Controller()
export class ContactAttemptsController {
  constructor(private readonly store: ContactAttemptsStore) {}

  @EventPattern(TOPICS.deliveryOutcomes.name)
  async onDeliveryOutcomes(@Payload() event: EventEnvelope<DeliveryOutcomesV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.store.record(context.manager, event.tenantId, event.payload);
  }
}
