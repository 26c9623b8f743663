import { Module } from '@nestjs/common';
import { DispatchAuditLogController } from './dispatch-audit-log.controller';

@Module({ controllers: [DispatchAuditLogController] })
export class DispatchAuditModule {}
