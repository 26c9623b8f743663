import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoardModule } from '../board/board.module';
import { ResponseMetrics } from '../metrics/response-metrics';
import { ResponseMetricsModule } from '../metrics/response-metrics.module';
import { AnswerLinkResolver } from './answer-link-resolver';
import { ANSWER_PAGE_SETTINGS, AnswerPageController, AnswerPageSettings } from './answer-page.controller';
import { FailedLookupThrottle } from './failed-lookup-throttle';
import { RecordAnswer } from './record-answer.use-case';

@Module({})
export class AnswerPageModule {
  static forRoot(settings: AnswerPageSettings): DynamicModule {
    return {
      module: AnswerPageModule,
      imports: [BoardModule, ResponseMetricsModule],
      controllers: [AnswerPageController],
      providers: [
        {
          provide: AnswerLinkResolver,
          inject: [DataSource, ResponseMetrics],
          useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new AnswerLinkResolver(dataSource, { observeBatch: (size) => metrics.answerLinkReadBatchSize.observe(size) }),
        },
        { provide: RecordAnswer, inject: [DataSource, ResponseMetrics], useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new RecordAnswer(dataSource, metrics) },
        { provide: ANSWER_PAGE_SETTINGS, useValue: settings },
        { provide: FailedLookupThrottle, useValue: new FailedLookupThrottle(settings.throttle) },
      ],
    };
  }
}
