import { DeliveriesRequestedV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { INBOX_EXTRA } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SendDeliveries } from './send-deliveries';

@Controller()
export class DeliveryController {
  constructor(private readonly sendDeliveries: SendDeliveries) {}

  /** No inbox transaction: sending talks to providers; idempotency comes from claiming by state. */
  @EventPattern(TOPICS.deliveriesRequested.name, { [INBOX_EXTRA]: false })
  async onDeliveriesRequested(@Payload() event: EventEnvelope<DeliveriesRequestedV1>): Promise<void> {
    await this.sendDeliveries.execute(event.tenantId, event.payload.alertId, event.payload.deliveryIds);
  }
}
