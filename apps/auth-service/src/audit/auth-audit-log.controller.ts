import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { AuditQuery, auditQuerySchema, AuthAuditEntries } from './auth-audit-entries';

/** The console's audit screen, "accounts" source: invitations, disabled accounts, second factors, directory links… of the caller's company. */
@Controller('v1/audit-log')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin')
export class AuthAuditLogController {
  constructor(private readonly entries: AuthAuditEntries) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(auditQuerySchema)) query: AuditQuery) {
    return this.entries.page(principal, query);
  }
}
