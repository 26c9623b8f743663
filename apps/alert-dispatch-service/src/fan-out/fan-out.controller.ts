import { AlertCreatedV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FanOutWorker } from './fan-out-worker';
import { queueFanOut } from './start-fan-out';

@Controller()
export class FanOutController {
  constructor(private readonly worker: FanOutWorker) {}

  /** The first round starts as soon as the alert exists. */
  @EventPattern(TOPICS.alertCreated.name)
  async onAlertCreated(@Payload() event: EventEnvelope<AlertCreatedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await queueFanOut(context.manager, event.tenantId, event.payload.alertId, 1);
    this.worker.notify();
  }
}
