import { Module } from '@nestjs/common';
import { AlertProjectionController } from './alert-projection.controller';

@Module({ controllers: [AlertProjectionController] })
export class AlertProjectionModule {}
