import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BoardController } from './board.controller';
import { ResponseMetrics } from '../metrics/response-metrics';
import { ResponseMetricsModule } from '../metrics/response-metrics.module';
import { MessageBoard } from './message-board';

@Module({
  imports: [ResponseMetricsModule],
  controllers: [BoardController],
  providers: [{ provide: MessageBoard, inject: [DataSource, ResponseMetrics], useFactory: (dataSource: DataSource, metrics: ResponseMetrics) => new MessageBoard(dataSource, metrics) }],
  exports: [MessageBoard],
})
export class BoardModule {}
