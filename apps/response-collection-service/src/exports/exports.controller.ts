import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Controller, Get, NotFoundException, Param, ParseUUIDPipe, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { answerFilterFields, questionWithItsChoices, questionWithItsChoicesProblem } from '../answer-list/answer-list';
import { ResponseMetrics } from '../metrics/response-metrics';
import { AnswerExport } from './answer-export';
import { CsvDownloadQuery, csvDownloadQuerySchema, fromArray, sendCsv } from './csv-download';
import { DrillReport, drillReportLines, DrillReports } from './drill-report';

const answersCsvQuerySchema = csvDownloadQuerySchema.extend(answerFilterFields).strict().refine(questionWithItsChoices, questionWithItsChoicesProblem);
type AnswersCsvQuery = z.infer<typeof answersCsvQuerySchema>;

/** Downloads for the crisis team: every answer as CSV, and the drill report. */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
export class ExportsController {
  constructor(
    private readonly answers: AnswerExport,
    private readonly reports: DrillReports,
    private readonly metrics: ResponseMetrics,
  ) {}

  /** Every answer, or the answer list's filter (the injured, a department); department admins get the people in their subtrees only. */
  @Get(':alertId/answers.csv')
  @Roles('owner', 'admin', 'department_admin')
  async answersCsv(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Query(new ZodValidationPipe(answersCsvQuerySchema)) query: AnswersCsvQuery,
    @Res() reply: FastifyReply,
  ) {
    const alert = await this.answers.prepare(principal, alertId);
    if (!alert) throw new NotFoundException('alert not found');
    const { encoding, lang, ...filter } = query;
    this.metrics.exports.inc({ kind: 'answers', encoding });
    return sendCsv(reply, `answers-${alertId}.csv`, encoding, this.answers.lines(principal, alertId, alert, lang, filter));
  }

  @Get(':alertId/report')
  @Roles('owner', 'admin')
  async report(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<DrillReport> {
    return this.readReport(principal, alertId);
  }

  @Get(':alertId/report.csv')
  @Roles('owner', 'admin')
  async reportCsv(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Query(new ZodValidationPipe(csvDownloadQuerySchema)) query: CsvDownloadQuery,
    @Res() reply: FastifyReply,
  ) {
    const report = await this.readReport(principal, alertId);
    this.metrics.exports.inc({ kind: 'report', encoding: query.encoding });
    return sendCsv(reply, `report-${alertId}.csv`, query.encoding, fromArray(drillReportLines(report, query.lang)));
  }

  private async readReport(principal: Principal, alertId: string): Promise<DrillReport> {
    const report = await this.reports.read(principal.tenantId, alertId);
    if (!report) throw new NotFoundException('alert not found');
    return report;
  }
}
