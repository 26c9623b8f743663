import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { csvLine } from '../exports/csv-file';
import { ResponseMetrics } from '../metrics/response-metrics';
import { csvDownloadQuerySchema, sendCsv } from '../exports/csv-download';
import { NonResponder, nonResponderFilterSchema, NonResponderPageQuery, nonResponderPageQuerySchema, NonResponders } from './non-responders';

const nonResponderCsvQuerySchema = nonResponderFilterSchema.extend(csvDownloadQuerySchema.shape).strict();
type NonResponderCsvQuery = z.infer<typeof nonResponderCsvQuerySchema>;

// The last two columns hold codes (`email|sms`, `sent`/`failed`/`bounced`) in both languages, so a
// spreadsheet filter works the same on either export.
const headings = {
  ja: ['社員番号', '回答者ID', '部署ID', '勤務地', '自宅', '試行した送信経路', '最新の配信結果'],
  en: ['Employee number', 'Recipient ID', 'Department IDs', 'Work prefecture', 'Home prefecture', 'Channels tried', 'Last delivery'],
};

/** Who has not answered yet ("send again" is alert-dispatch-service's endpoint). */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin', 'department_admin')
export class NonRespondersController {
  constructor(
    private readonly nonResponders: NonResponders,
    private readonly metrics: ResponseMetrics,
  ) {}

  @Get(':alertId/non-responders')
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Query(new ZodValidationPipe(nonResponderPageQuerySchema)) query: NonResponderPageQuery,
  ): Promise<{ items: NonResponder[]; next: string | null }> {
    await this.mustExist(principal, alertId);
    return this.nonResponders.page(principal, alertId, query);
  }

  @Get(':alertId/non-responders.csv')
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Query(new ZodValidationPipe(nonResponderCsvQuerySchema)) query: NonResponderCsvQuery,
    @Res() reply: FastifyReply,
  ) {
    await this.mustExist(principal, alertId);
    const { encoding, lang, ...filter } = query;
    const rows = this.nonResponders.all(principal, alertId, filter);
    this.metrics.exports.inc({ kind: 'non-responders', encoding });
    return sendCsv(reply, `non-responders-${alertId}.csv`, encoding, csvLines(rows, headings[lang]));
  }

  private async mustExist(principal: Principal, alertId: string): Promise<void> {
    if (!(await this.nonResponders.alertExists(principal, alertId))) throw new NotFoundException('alert not found');
  }
}

async function* csvLines(rows: AsyncIterable<NonResponder>, heading: string[]): AsyncGenerator<string> {
  yield csvLine(heading);
  for await (const row of rows) {
    yield csvLine([row.employeeNumber, row.recipientId, row.departmentIds.join(' '), row.workPrefecture, row.homePrefecture, row.contactChannelsTried.join('|'), row.lastDelivery?.state ?? '']);
  }
}
