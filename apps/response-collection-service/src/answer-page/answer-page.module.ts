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
import { AnswerPageAssetsController } from '../notification-sign-up/answer-page-assets.controller';
import { DispatchNotificationApi } from '../notification-sign-up/dispatch-notification-api';
import { NotificationOffers } from '../notification-sign-up/notification-offers';
import { WEB_PUSH_SETTINGS, WebPushSettings, WebPushSubscriptionController } from '../notification-sign-up/web-push-subscription.controller';
import { AnswerOnBehalf } from '../staff-answers/answer-on-behalf';
import { StaffAnswersController } from '../staff-answers/staff-answers.controller';
import { MySafetyChecksController } from '../own-answers/my-safety-checks.controller';
import { OwnSafetyChecks } from '../own-answers/own-safety-checks';

@Module({})
export class AnswerPageModule {
  /** `notifications`: where what employees connect from the page (Web Push, LINE) is kept: dispatch. */
  static forRoot(settings: AnswerPageSettings, notifications: WebPushSettings & { dispatchInternalUrl: string; internalToken: string }): DynamicModule {
    return {
      module: AnswerPageModule,
      imports: [BoardModule, ResponseMetricsModule],
      // With the answer page: the crisis team's answers on someone's behalf, and a signed-in
      // person's own answers from the console, are recorded the same way.
      controllers: [AnswerPageController, WebPushSubscriptionController, AnswerPageAssetsController, StaffAnswersController, MySafetyChecksController],
      providers: [
        {
          provide: AnswerLinkResolver,
          inject: [DataSource, ResponseMetrics],
          useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new AnswerLinkResolver(dataSource, { observeBatch: (size) => metrics.answerLinkReadBatchSize.observe(size) }),
        },
        { provide: RecordAnswer, inject: [DataSource, ResponseMetrics], useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new RecordAnswer(dataSource, metrics) },
        { provide: ANSWER_PAGE_SETTINGS, useValue: settings },
        { provide: AnswerOnBehalf, inject: [DataSource, RecordAnswer], useFactory: (dataSource: DataSource, answers: RecordAnswer) => new AnswerOnBehalf(dataSource, answers) },
        { provide: OwnSafetyChecks, inject: [DataSource, RecordAnswer], useFactory: (dataSource: DataSource, answers: RecordAnswer) => new OwnSafetyChecks(dataSource, answers) },
        {
          provide: GuardedLinkLookup,
          inject: [AnswerLinkResolver],
          useFactory: (links: AnswerLinkResolver) => new GuardedLinkLookup(links, new FailedLookupThrottle(settings.throttle)),
        },
        { provide: DispatchNotificationApi, useValue: new DispatchNotificationApi(notifications.dispatchInternalUrl, notifications.internalToken) },
        { provide: NotificationOffers, inject: [DispatchNotificationApi], useFactory: (dispatch: DispatchNotificationApi) => new NotificationOffers((tenantId) => dispatch.notificationOffers(tenantId)) },
        { provide: WEB_PUSH_SETTINGS, useValue: { allowPlainHttpEndpoints: notifications.allowPlainHttpEndpoints } satisfies WebPushSettings },
      ],
    };
  }
}
