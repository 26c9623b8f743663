import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertBreakdowns } from '../breakdowns/alert-breakdowns';
import { AlertSummaries } from './alert-summary';
import { AlertSummaryController } from './alert-summary.controller';

@Module({
  controllers: [AlertSummaryController],
  providers: [
    { provide: AlertSummaries, inject: [DataSource], useFactory: (dataSource: DataSource) => new AlertSummaries(dataSource) },
    { provide: AlertBreakdowns, inject: [DataSource], useFactory: (dataSource: DataSource) => new AlertBreakdowns(dataSource) },
  ],
  exports: [AlertSummaries],
})
export class AggregatesModule {}
