import { DisasterEventV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { INBOX_EXTRA } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DisasterRuleEngine } from './disaster-rule-engine';

@Controller()
export class DisasterEventConsumer {
  constructor(private readonly engine: DisasterRuleEngine) {}

  /**
   * No inbox transaction: the evaluation spans many tenants (one transaction each) and is
   * idempotent by itself (alert idempotency keys, unique firings), so a redelivery is harmless.
   */
  @EventPattern(TOPICS.disasterEvent.name, { [INBOX_EXTRA]: false })
  async onDisasterEvent(@Payload() event: EventEnvelope<DisasterEventV1>): Promise<void> {
    await this.engine.evaluate(event.payload);
  }
}
