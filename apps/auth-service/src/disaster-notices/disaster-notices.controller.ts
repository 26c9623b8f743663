import { DisasterCancellationNoticeV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AdministratorMails } from '../mail/administrator-mails';
import { cancellationMail } from './cancellation-mail';

export const CONSOLE_BASE_URL = Symbol('CONSOLE_BASE_URL');

/** Tells a tenant's crisis team (owners and admins, by e-mail) that JMA withdrew a report. */
@Controller()
export class DisasterNoticesController {
  constructor(
    private readonly administratorMails: AdministratorMails,
    @Inject(CONSOLE_BASE_URL) private readonly consoleBaseUrl: string,
  ) {}

  @EventPattern(TOPICS.disasterCancellationNotice.name)
  async onCancellation(@Payload() event: EventEnvelope<DisasterCancellationNoticeV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    await this.administratorMails.send(context.manager, event.tenantId, (to, displayName) => cancellationMail(to, displayName, event.payload, this.consoleBaseUrl));
  }
}
