import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantStatuses } from '../tenants/suspended-tenants';
import { runInPlatformScope } from '../tenants/tenant-listing';
import { NoticeView, noticeListQuerySchema, OperatorNotices, PostNotice, postNoticeSchema } from './operator-notices';
import { PlatformAuditQuery, platformAuditQuerySchema, readPlatformAudit } from './platform-audit';
import { CurrentOperator, Operator, PlatformOperatorGuard } from './platform-operator.guard';
import { StatusChange, statusChangeSchema, TenantStatus, TenantStatusView, TenantSuspension } from './tenant-suspension';
import { TenantListQuery, tenantListQuerySchema, TenantUsageListing } from './tenant-usage';

/** The platform operators' API: tenants and their usage (never their people), suspension, notices, audit. */
@Controller('v1/platform')
@UseGuards(PlatformOperatorGuard)
export class PlatformController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly usage: TenantUsageListing,
    private readonly suspension: TenantSuspension,
    private readonly statuses: TenantStatuses,
    private readonly notices: OperatorNotices,
  ) {}

  @Get('tenants')
  listTenants(@CurrentOperator() operator: Operator, @Query(new ZodValidationPipe(tenantListQuerySchema)) query: TenantListQuery) {
    return this.usage.list(operator, query);
  }

  @Post('tenants/:tenantId/suspend')
  @HttpCode(200)
  suspend(@CurrentOperator() operator: Operator, @Param('tenantId', new ParseUUIDPipe()) tenantId: string, @Body(new ZodValidationPipe(statusChangeSchema)) command: StatusChange) {
    return this.changeStatus(operator, tenantId, 'suspended', command);
  }

  @Post('tenants/:tenantId/resume')
  @HttpCode(200)
  resume(@CurrentOperator() operator: Operator, @Param('tenantId', new ParseUUIDPipe()) tenantId: string, @Body(new ZodValidationPipe(statusChangeSchema)) command: StatusChange) {
    return this.changeStatus(operator, tenantId, 'active', command);
  }

  @Post('notices')
  @HttpCode(201)
  postNotice(@CurrentOperator() operator: Operator, @Body(new ZodValidationPipe(postNoticeSchema)) notice: PostNotice) {
    return this.notices.post(operator, notice);
  }

  @Get('notices')
  async listNotices(@CurrentOperator() operator: Operator, @Query(new ZodValidationPipe(noticeListQuerySchema)) query: { limit: number }): Promise<{ items: NoticeView[] }> {
    return { items: await this.notices.listForOperator(operator, query.limit) };
  }

  @Get('audit-log')
  auditLog(@CurrentOperator() operator: Operator, @Query(new ZodValidationPipe(platformAuditQuerySchema)) query: PlatformAuditQuery) {
    return runInPlatformScope(this.dataSource, 'platform-operator', (manager) => readPlatformAudit(manager, operator, query));
  }

  private async changeStatus(operator: Operator, tenantId: string, status: TenantStatus, command: StatusChange): Promise<TenantStatusView> {
    const result = await this.suspension.change(operator, tenantId, status, command);
    this.statuses.forget(tenantId);
    return result;
  }
}
