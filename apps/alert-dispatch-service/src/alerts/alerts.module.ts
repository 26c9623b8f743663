import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsController } from './alerts.controller';
import { CreateAlert } from './create-alert.use-case';

@Module({
  controllers: [AlertsController],
  providers: [{ provide: CreateAlert, inject: [DataSource], useFactory: (dataSource: DataSource) => new CreateAlert(dataSource) }],
})
export class AlertsModule {}
