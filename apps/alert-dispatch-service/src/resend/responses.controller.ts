import { EventEnvelope, ResponseReceivedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** By the unique key (alert, recipient, round): one look-up per answer, however large the alert. */
export const cancelQueuedDeliveriesOfRecipient = `UPDATE deliveries SET state = 'cancelled', updated_at = now() WHERE alert_id = $1 AND recipient_id = $2 AND state = 'queued'`;

/** An answer stops everything still to be sent to that person for that alert. */
@Controller()
export class ResponsesController {
  @EventPattern(TOPICS.responseReceived.name)
  async onResponseReceived(@Payload() event: EventEnvelope<ResponseReceivedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const { alertId, recipientId, firstAnsweredAt } = event.payload;
    await context.manager.query(
      `INSERT INTO responded_recipients (tenant_id, alert_id, recipient_id, responded_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [event.tenantId, alertId, recipientId, firstAnsweredAt],
    );
    await context.manager.query(cancelQueuedDeliveriesOfRecipient, [alertId, recipientId]);
  }
}
