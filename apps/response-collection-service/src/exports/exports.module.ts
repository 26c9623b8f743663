import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { AlertSummaries } from '../aggregates/alert-summary';
import { ResponseMetricsModule } from '../metrics/response-metrics.module';
import { NonResponders } from '../non-responders/non-responders';
import { NonRespondersController } from '../non-responders/non-responders.controller';
import { AnswerList } from '../answer-list/answer-list';
import { AnswerExport } from './answer-export';
import { DrillReports } from './drill-report';
import { ExportsController } from './exports.controller';

/** Non-responder lists, answer CSV and the drill report. */
@Module({
  imports: [AggregatesModule, ResponseMetricsModule],
  controllers: [ExportsController, NonRespondersController],
  providers: [
    { provide: AnswerExport, inject: [DataSource], useFactory: (dataSource: DataSource) => new AnswerExport(dataSource, new AnswerList(dataSource)) },
    { provide: NonResponders, inject: [DataSource], useFactory: (dataSource: DataSource) => new NonResponders(dataSource) },
    { provide: DrillReports, inject: [DataSource, AlertSummaries], useFactory: (dataSource: DataSource, summaries: AlertSummaries) => new DrillReports(dataSource, summaries) },
  ],
})
export class ExportsModule {}
