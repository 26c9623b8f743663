import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { AuditLogPage, AuditLogQuery, auditLogQuerySchema, readAuditLog, runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { directoryRoles } from '../access/caller';

/** The tenant's own audit log, newest first; the tenant comes from the token, so no other tenant's entries exist here. */
@Controller('v1/audit-log')
@UseGuards(AccessTokenGuard)
@Roles(...directoryRoles.administrators)
export class AuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery): Promise<AuditLogPage> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => readAuditLog(manager, 'audit_log', query));
  }
}
