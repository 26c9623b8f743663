import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoardModule } from '../board/board.module';
import { ResponseMetrics } from '../metrics/response-metrics';
import { ResponseMetricsModule } from '../metrics/response-metrics.module';
import { AnswerLinkResolver } from './answer-link-resolver';
import { ANSWER_PAGE_SETTINGS, AnswerPageController, AnswerPageSettings } from './answer-page.controller';
import { FailedLookupThrottle } from './failed-lookup-throttle';
import { GuardedLinkLookup } from './guarded-link-lookup';
import { RecordAnswer } from './record-answer.use-case';
import { AnswerPageAssetsController } from '../web-push/answer-page-assets.controller';
import { DispatchPushApi } from '../web-push/dispatch-push-api';
import { WebPushOffers } from '../web-push/web-push-offers';
import { WEB_PUSH_SETTINGS, WebPushSettings, WebPushSubscriptionController } from '../web-push/web-push-subscription.controller';

@Module({})
export class AnswerPageModule {
  /** `webPush`: where the page's Web Push subscriptions go (dispatch keeps them). */
  static forRoot(settings: AnswerPageSettings, webPush: WebPushSettings & { dispatchInternalUrl: string; internalToken: string }): DynamicModule {
    return {
      module: AnswerPageModule,
      imports: [BoardModule, ResponseMetricsModule],
      controllers: [AnswerPageController, WebPushSubscriptionController, AnswerPageAssetsController],
      providers: [
        {
          provide: AnswerLinkResolver,
          inject: [DataSource, ResponseMetrics],
          useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new AnswerLinkResolver(dataSource, { observeBatch: (size) => metrics.answerLinkReadBatchSize.observe(size) }),
        },
        { provide: RecordAnswer, inject: [DataSource, ResponseMetrics], useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new RecordAnswer(dataSource, metrics) },
        { provide: ANSWER_PAGE_SETTINGS, useValue: settings },
        {
          provide: GuardedLinkLookup,
          inject: [AnswerLinkResolver],
          useFactory: (links: AnswerLinkResolver) => new GuardedLinkLookup(links, new FailedLookupThrottle(settings.throttle)),
        },
        { provide: DispatchPushApi, useValue: new DispatchPushApi(webPush.dispatchInternalUrl, webPush.internalToken) },
        { provide: WebPushOffers, inject: [DispatchPushApi], useFactory: (dispatch: DispatchPushApi) => new WebPushOffers((tenantId) => dispatch.webPushKey(tenantId)) },
        { provide: WEB_PUSH_SETTINGS, useValue: { allowPlainHttpEndpoints: webPush.allowPlainHttpEndpoints } satisfies WebPushSettings },
      ],
    };
  }
}
