import { FieldCipher } from '@anpi/field-encryption';
import { OutboxRelay } from '@anpi/messaging';
import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AnswerTokenIssuer } from '../answer-links/answer-token';
import { ChannelAdapterFactories, ChannelRegistry, ChannelsModule, TenantChannelSettingsStore, channelsSettingsFromConfig } from '../channels';
import { ChannelSettingsController } from '../channels/channel-settings.controller';
import { AlertDispatchServiceConfig } from '../config';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { TenantTemplatesStore } from '../templates';
import { DeliveryController } from './delivery.controller';
import { PushSubscriptionStore } from '../push-subscriptions/push-subscription';
import { PushSubscriptionsController, PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP } from '../push-subscriptions/push-subscriptions.controller';
import { NotificationOffersController } from '../channels/notification-offers.controller';
import { LineLinkCodes } from '../line-links/line-link-codes';
import { LineLinkStore } from '../line-links/line-link-store';
import { LineLinksController } from '../line-links/line-links.controller';
import { LineWebhookController } from '../line-links/line-webhook.controller';
import { LinkLineAccounts } from '../line-links/link-line-accounts';
import { ProgressReporter } from './progress-reporter';
import { SendDeliveries } from './send-deliveries';

@Injectable()
class ProgressReporterLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ProgressReporter) private readonly reporter: ProgressReporter) {}
  onApplicationBootstrap(): void {
    this.reporter.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.reporter.stop();
  }
}

/**
 * Sends the persisted deliveries (consumes `deliveries.requested`, one page at a time), with
 * each tenant's own providers where it has set them up, announces how they went
 * (`delivery.outcomes`) and reports progress (`alert.progress`).
 */
@Module({})
export class DeliveryModule {
  /** `adapterFactories`: the vendors Anpi ships unless a caller (a benchmark's sink) brings others. */
  static forRoot(config: AlertDispatchServiceConfig, adapterFactories?: ChannelAdapterFactories): DynamicModule {
    const installationChannels = {
      email: {
        host: config.SMTP_HOST,
        port: config.SMTP_PORT,
        secure: config.SMTP_SECURE,
        from: config.MAIL_FROM,
        ...(config.SMTP_USER && config.SMTP_PASSWORD ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } } : {}),
      },
    };
    const tenantChannelSettings = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
    return {
      module: DeliveryModule,
      imports: [ChannelsModule.forRoot(channelsSettingsFromConfig(config), adapterFactories)],
      // With the channels they depend on: what employees connect themselves (Web Push, LINE).
      controllers: [DeliveryController, ChannelSettingsController, NotificationOffersController, PushSubscriptionsController, LineLinksController, LineWebhookController],
      providers: [
        { provide: TenantChannelSettingsStore, useValue: tenantChannelSettings },
        { provide: PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP, useValue: config.CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS },
        { provide: LineLinkCodes, useValue: new LineLinkCodes(config.ANSWER_TOKEN_KEY) },
        {
          provide: LinkLineAccounts,
          inject: [LineLinkCodes, LineLinkStore, PinoLogger],
          useFactory: (codes: LineLinkCodes, store: LineLinkStore, logger: PinoLogger) => new LinkLineAccounts(codes, store, (logger.logger as Logger).child({ component: 'line-links' }), {
              allowPlainHttpProviders: config.CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS,
            }),
        },
        {
          provide: SendDeliveries,
          inject: [DataSource, RECIPIENT_SOURCE, AnswerTokenIssuer, ChannelRegistry, PinoLogger, METRICS_REGISTRY, OutboxRelay, PushSubscriptionStore],
          useFactory: (
            dataSource: DataSource,
            recipients: RecipientSource,
            tokens: AnswerTokenIssuer,
            channels: ChannelRegistry,
            logger: PinoLogger,
            registry: Registry,
            relay: OutboxRelay,
            pushSubscriptions: PushSubscriptionStore,
          ) =>
            new SendDeliveries(dataSource, recipients, tokens, channels, new TenantTemplatesStore(), (logger.logger as Logger).child({ component: 'delivery' }), registry, {
              answerLinks: { httpsBaseUrl: config.ANSWER_LINK_BASE_URL, plainHttpBaseUrl: config.ANSWER_LINK_PLAIN_HTTP_BASE_URL },
              channelSettings: installationChannels,
              tenantChannelSettings,
              maxSmsSegments: config.SMS_MAX_SEGMENTS,
              concurrency: config.DELIVERY_CONCURRENCY,
              staleSendingMs: config.DELIVERY_STALE_SENDING_MS,
              afterOutcomesCommitted: () => relay.notify(),
              pushSubscriptions,
            }),
        },
        {
          provide: ProgressReporter,
          inject: [DataSource, PinoLogger, OutboxRelay],
          useFactory: (dataSource: DataSource, logger: PinoLogger, relay: OutboxRelay) =>
            new ProgressReporter(dataSource, (logger.logger as Logger).child({ component: 'alert-progress' }), config.ALERT_PROGRESS_INTERVAL_MS, () => relay.notify()),
        },
        ProgressReporterLifecycle,
      ],
    };
  }
}
