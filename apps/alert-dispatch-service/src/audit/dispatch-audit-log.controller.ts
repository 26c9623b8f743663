import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { AuditLogPage, AuditLogQuery, auditLogQuerySchema, readAuditLog, runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Who sent, closed or re-sent safety checks and changed the dispatch settings, newest first,
 * in the response shape of tenant-service's directory audit log. The tenant comes from the
 * token (row-level security), so no other tenant's entries exist here. Owners and admins only.
 */
@Controller('v1/audit-log')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin')
export class DispatchAuditLogController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(auditLogQuerySchema)) query: AuditLogQuery): Promise<AuditLogPage> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => readAuditLog(manager, 'dispatch_audit_log', query));
  }
}
