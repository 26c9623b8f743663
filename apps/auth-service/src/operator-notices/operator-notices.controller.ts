import { EventEnvelope, TenantNoticePostedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { NoticeMails } from './notice-mails';

@Controller()
export class OperatorNoticesController {
  constructor(private readonly noticeMails: NoticeMails) {}

  @EventPattern(TOPICS.tenantNoticePosted.name)
  async onNoticePosted(@Payload() event: EventEnvelope<TenantNoticePostedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.noticeMails.send(context.manager, event.payload);
  }
}
