import { InternalServiceGuard } from '@anpi/auth-guard';
import { LineLinkV1, lineLinkV1Schema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantChannelSettingsStore } from '../channels';
import { activeRecipient } from '../recipients/active-recipient';
import { LineLinkCodes, lineChatUrl } from './line-link-codes';

const linkMessage = { ja: '安否確認をLINEで受け取る', en: 'Get safety checks on LINE' } as const;

/**
 * Where an employee's phone goes from "get safety checks on LINE" on their answer page:
 * response-collection has checked the answer token and asks here (internal token only).
 */
@Controller('internal/v1/tenants/:tenantId/recipients/:recipientId')
@UseGuards(InternalServiceGuard)
export class LineLinksController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channelSettings: TenantChannelSettingsStore,
    private readonly codes: LineLinkCodes,
  ) {}

  @Get('line-link')
  lineLink(@Param('tenantId', new ParseUUIDPipe()) tenantId: string, @Param('recipientId', new ParseUUIDPipe()) recipientId: string): Promise<LineLinkV1> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const line = (await this.channelSettings.load(manager, tenantId)).line;
      if (!line?.channelSecret || !line.officialAccountId) throw new NotFoundException('LINE linking is not set up for this company');
      const person = await activeRecipient(manager, recipientId);
      if (!person) throw new NotFoundException('no such employee in this company');
      const { code, expiresAt } = this.codes.issue(tenantId, recipientId, new Date());
      return lineLinkV1Schema.parse({ url: lineChatUrl(line.officialAccountId, `${linkMessage[person.language]} ${code}`), expiresAt: expiresAt.toISOString() });
    });
  }
}
