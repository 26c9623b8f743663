import { GrpcServiceCallers } from '@anpi/auth-guard';
import { status } from '@grpc/grpc-js';
import type { Metadata, ServerWritableStream } from '@grpc/grpc-js';
import { Controller, Logger } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { from, Observable } from 'rxjs';
import { z } from 'zod';
import { AlertSummaries, AlertSummary } from '../aggregates/alert-summary';
import { AnswerStream, StreamedAnswer } from './answer-stream';

const alertRequestSchema = z.object({ tenant_id: z.uuid(), alert_id: z.uuid() });

const STREAM_POLL_INTERVAL_MS = 250;

/** anpi.responses.v1.ResponseService: the live picture and the answers, for internal consumers. */
@Controller()
export class ResponseServiceController {
  private readonly logger = new Logger(ResponseServiceController.name);

  constructor(
    private readonly authentication: GrpcServiceCallers,
    private readonly summaries: AlertSummaries,
    private readonly stream: AnswerStream,
  ) {}

  @GrpcMethod('ResponseService', 'GetAlertSummary')
  async getAlertSummary(request: unknown, metadata: Metadata) {
    await this.authentication.authenticate(metadata.get('authorization')[0]);
    const { tenant_id, alert_id } = parseRequest(request);
    const summary = await this.summaries.read(tenant_id, alert_id);
    if (!summary) throw new RpcException({ code: status.NOT_FOUND, message: 'alert not found' });
    return toSummaryMessage(summary);
  }

  @GrpcMethod('ResponseService', 'StreamAnswers')
  async streamAnswers(request: unknown, metadata: Metadata, call: ServerWritableStream<unknown, StreamedAnswer>): Promise<Observable<StreamedAnswer>> {
    const caller = await this.authentication.authenticate(metadata.get('authorization')[0]);
    const { tenant_id, alert_id } = parseRequest(request);
    if (!(await this.summaries.read(tenant_id, alert_id))) throw new RpcException({ code: status.NOT_FOUND, message: 'alert not found' });
    this.logger.log({ caller, tenantId: tenant_id, alertId: alert_id }, 'streaming answers');
    const deadline = Number(call.getDeadline());
    return from(this.stream.answers(tenant_id, alert_id, { isAbandoned: () => call.cancelled || Date.now() >= deadline, pollIntervalMs: STREAM_POLL_INTERVAL_MS }));
  }
}

function parseRequest(request: unknown) {
  const parsed = alertRequestSchema.safeParse(request);
  if (!parsed.success) throw new RpcException({ code: status.INVALID_ARGUMENT, message: `invalid request: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}` });
  return parsed.data;
}

export function toSummaryMessage(summary: AlertSummary) {
  return {
    alert_id: summary.alertId,
    recipients: summary.recipients,
    responded: summary.responded,
    response_rate: summary.responseRate,
    answers: Object.fromEntries(Object.entries(summary.answers).map(([questionId, byChoice]) => [questionId, { by_choice: byChoice }])),
    median_seconds_to_answer: summary.medianSecondsToAnswer ?? 0,
  };
}
