import { EventEnvelope, TenantNoticePostedV1, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AdministratorMails } from '../mail/administrator-mails';
import { noticeMail } from './notice-mails';

@Controller()
export class OperatorNoticesController {
  constructor(private readonly administratorMails: AdministratorMails) {}

  @EventPattern(TOPICS.tenantNoticePosted.name)
  async onNoticePosted(@Payload() event: EventEnvelope<TenantNoticePostedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const notice = event.payload;
    await this.administratorMails.send(context.manager, notice.tenantId, (to, displayName) => noticeMail(to, displayName, notice));
  }
}
