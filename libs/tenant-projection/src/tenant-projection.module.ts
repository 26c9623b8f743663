import { Module } from '@nestjs/common';
import { TenantProjectionController } from './tenant-projection.controller';

@Module({ controllers: [TenantProjectionController] })
export class TenantProjectionModule {}
