import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Module } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AnswerTokenIssuer } from '../answer-links/answer-token';
import { ChannelRegistry, ChannelsModule, channelsSettingsFromConfig } from '../channels';
import { AlertDispatchServiceConfig } from '../config';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { TenantTemplatesStore } from '../templates';
import { DeliveryController } from './delivery.controller';
import { SendDeliveries } from './send-deliveries';

/** Sends the persisted deliveries: consumes `deliveries.requested`, one page at a time. */
@Module({})
export class DeliveryModule {
  static forRoot(config: AlertDispatchServiceConfig): DynamicModule {
    const installationChannels = {
      email: {
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        from: config.MAIL_FROM,
        ...(config.SMTP_USER && config.SMTP_PASSWORD ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } } : {}),
      },
    };
    return {
      module: DeliveryModule,
      imports: [ChannelsModule.forRoot(channelsSettingsFromConfig(config))],
      controllers: [DeliveryController],
      providers: [
        {
          provide: SendDeliveries,
          inject: [DataSource, RECIPIENT_SOURCE, AnswerTokenIssuer, ChannelRegistry, PinoLogger, METRICS_REGISTRY],
          useFactory: (dataSource: DataSource, recipients: RecipientSource, tokens: AnswerTokenIssuer, channels: ChannelRegistry, logger: PinoLogger, registry: Registry) =>
            new SendDeliveries(dataSource, recipients, tokens, channels, new TenantTemplatesStore(), (logger.logger as Logger).child({ component: 'delivery' }), registry, {
              answerLinks: { httpsBaseUrl: config.ANSWER_LINK_BASE_URL, plainHttpBaseUrl: config.ANSWER_LINK_PLAIN_HTTP_BASE_URL },
              channelSettings: installationChannels,
              maxSmsSegments: config.SMS_MAX_SEGMENTS,
              concurrency: config.DELIVERY_CONCURRENCY,
              staleSendingMs: config.DELIVERY_STALE_SENDING_MS,
            }),
        },
      ],
    };
  }
}
