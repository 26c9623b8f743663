import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthAuditEntries } from './auth-audit-entries';
import { AuthAuditLogController } from './auth-audit-log.controller';

/** Reading the account audit log (writing it is `AuditLog` of the core, in each feature's transaction). */
@Module({})
export class AuditModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: AuditModule,
      imports: [core],
      controllers: [AuthAuditLogController],
      providers: [{ provide: AuthAuditEntries, inject: [DataSource], useFactory: (dataSource: DataSource) => new AuthAuditEntries(dataSource) }],
    };
  }
}
