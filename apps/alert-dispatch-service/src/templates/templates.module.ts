import { DynamicModule, Module } from '@nestjs/common';
import { AlertDispatchServiceConfig } from '../config';
import { MessagePreviews } from './message-previews';
import { MessageTemplatesController } from './message-templates.controller';
import { TenantTemplatesStore } from './tenant-templates.store';

/** The tenants' message templates over REST, and the previews that check alerts against them. */
@Module({})
export class TemplatesModule {
  static forRoot(config: AlertDispatchServiceConfig): DynamicModule {
    return {
      module: TemplatesModule,
      controllers: [MessageTemplatesController],
      providers: [
        { provide: TenantTemplatesStore, useValue: new TenantTemplatesStore() },
        {
          provide: MessagePreviews,
          useValue: new MessagePreviews({
            answerLinks: { httpsBaseUrl: config.ANSWER_LINK_BASE_URL, plainHttpBaseUrl: config.ANSWER_LINK_PLAIN_HTTP_BASE_URL },
            maxSmsSegments: config.SMS_MAX_SEGMENTS,
          }),
        },
      ],
      exports: [TenantTemplatesStore, MessagePreviews],
    };
  }
}
