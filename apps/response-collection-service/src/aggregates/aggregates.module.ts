import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertSummaries } from './alert-summary';
import { AlertSummaryController } from './alert-summary.controller';

@Module({
  controllers: [AlertSummaryController],
  providers: [{ provide: AlertSummaries, inject: [DataSource], useFactory: (dataSource: DataSource) => new AlertSummaries(dataSource) }],
})
export class AggregatesModule {}
