import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { OutboxRelay } from '@anpi/messaging';
import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AnswerTokenIssuer } from '../answer-links/answer-token';
import { AlertDispatchServiceConfig } from '../config';
import { DirectoryProjectionController } from '../directory/directory-projection.controller';
import { ProjectedRecipientSource } from '../recipients/projected-recipient-source';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { FanOutController } from './fan-out.controller';
import { FanOutWorker } from './fan-out-worker';
import { PushSubscriptionStore } from '../push-subscriptions/push-subscription';
import { LineLinkStore } from '../line-links/line-link-store';

@Injectable()
class FanOutLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(FanOutWorker) private readonly worker: FanOutWorker) {}
  onApplicationBootstrap(): void {
    this.worker.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

/** Alert rounds → persisted deliveries, and the answer-link tokens that go with them. */
@Module({})
export class FanOutModule {
  static forRoot(config: AlertDispatchServiceConfig): DynamicModule {
    const directoryCipher = new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID);
    return {
      module: FanOutModule,
      // The recipient source and token issuer serve the alert API and the senders too.
      global: true,
      controllers: [FanOutController, DirectoryProjectionController],
      providers: [
        { provide: AnswerTokenIssuer, useValue: new AnswerTokenIssuer(config.ANSWER_TOKEN_KEY) },
        // Contacts from the directory, push subscriptions and LINE links from answer pages: sealed under one key ring.
        { provide: ContactEventSealer, useValue: new ContactEventSealer(directoryCipher) },
        { provide: PushSubscriptionStore, useValue: new PushSubscriptionStore(directoryCipher) },
        { provide: LineLinkStore, useValue: new LineLinkStore(directoryCipher) },
        {
          provide: RECIPIENT_SOURCE,
          inject: [DataSource, ContactEventSealer, PushSubscriptionStore, LineLinkStore],
          useFactory: (dataSource: DataSource, sealer: ContactEventSealer, pushSubscriptions: PushSubscriptionStore, lineLinks: LineLinkStore) =>
            new ProjectedRecipientSource(dataSource, sealer, pushSubscriptions, lineLinks),
        },
        {
          provide: FanOutWorker,
          inject: [DataSource, RECIPIENT_SOURCE, AnswerTokenIssuer, PinoLogger, METRICS_REGISTRY, OutboxRelay],
          useFactory: (dataSource: DataSource, recipients: RecipientSource, tokens: AnswerTokenIssuer, logger: PinoLogger, registry: Registry, relay: OutboxRelay) =>
            new FanOutWorker(
              dataSource,
              recipients,
              tokens,
              (logger.logger as Logger).child({ component: 'fan-out' }),
              registry,
              { pageSize: config.FAN_OUT_PAGE_SIZE, concurrency: config.FAN_OUT_CONCURRENCY, idlePollMs: 200, answerGraceMs: config.ANSWER_LINK_GRACE_HOURS * 3_600_000 },
              () => relay.notify(),
            ),
        },
        FanOutLifecycle,
      ],
      exports: [AnswerTokenIssuer, RECIPIENT_SOURCE, ContactEventSealer, PushSubscriptionStore, LineLinkStore],
    };
  }
}
