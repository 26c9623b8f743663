import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AnswerList } from './answer-list';
import { AnswerListController } from './answer-list.controller';

@Module({
  controllers: [AnswerListController],
  providers: [{ provide: AnswerList, inject: [DataSource], useFactory: (dataSource: DataSource) => new AnswerList(dataSource) }],
})
export class AnswerListModule {}
