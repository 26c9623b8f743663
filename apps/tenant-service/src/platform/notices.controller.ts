import { AccessTokenGuard, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { directoryRoles } from '../access/caller';
import { NoticeView, noticeListQuerySchema, OperatorNotices } from './operator-notices';

/** The platform operators' current notices, for the console of a tenant's owners and admins. */
@Controller('v1/notices')
@UseGuards(AccessTokenGuard)
@Roles(...directoryRoles.administrators)
export class NoticesController {
  constructor(private readonly notices: OperatorNotices) {}

  @Get()
  async list(@Query(new ZodValidationPipe(noticeListQuerySchema)) query: { limit: number }): Promise<{ items: NoticeView[] }> {
    return { items: await this.notices.listCurrent(query.limit) };
  }
}
