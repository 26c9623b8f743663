import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, ConflictException, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Post, Res, UnprocessableEntityException, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Alert, AlertView, toAlertView } from './alert.entity';
import { CreateAlertCommand, createAlertCommandSchema } from './create-alert.command';
import { CreateAlert } from './create-alert.use-case';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { startNextRound } from '../resend/start-next-round';
import { alertTargetSchema } from './alert-target';
import { assertTargetWithinScope } from './department-scope-check';

const recipientCountSchema = z.object({ target: alertTargetSchema }).strict();

const idempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional();

/** The console's alert API. The tenant always comes from the verified token. */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
export class AlertsController {
  constructor(
    private readonly createAlert: CreateAlert,
    private readonly dataSource: DataSource,
    @Inject(RECIPIENT_SOURCE) private readonly recipients: RecipientSource,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('owner', 'admin', 'department_admin')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(createAlertCommandSchema)) command: CreateAlertCommand,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AlertView> {
    const idempotencyKey = new ZodValidationPipe(idempotencyKeySchema).transform(rawIdempotencyKey);
    await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => assertTargetWithinScope(manager, principal, command.target));
    if ((await this.recipients.count(principal.tenantId, command.target)) === 0) {
      throw new UnprocessableEntityException('the target reaches nobody: no active employee matches it');
    }
    const result = await this.createAlert.execute({ tenantId: principal.tenantId, createdBy: principal.userId, source: 'manual' }, command, idempotencyKey);
    if (result.replayed) reply.status(200).header('idempotent-replayed', 'true');
    return result.alert;
  }

  /** The console's live count while an admin composes the target. */
  @Post('recipient-count')
  @HttpCode(200)
  @Roles('owner', 'admin', 'department_admin')
  async recipientCount(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(recipientCountSchema)) body: z.infer<typeof recipientCountSchema>) {
    await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => assertTargetWithinScope(manager, principal, body.target));
    return { count: await this.recipients.count(principal.tenantId, body.target) };
  }

  /** "Send again to non-responders", now. */
  @Post(':alertId/resend')
  @HttpCode(202)
  @Roles('owner', 'admin', 'department_admin')
  async resend(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<{ round: number }> {
    const round = await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const alert = await manager.getRepository(Alert).findOneBy({ id: alertId });
      if (!alert) throw new NotFoundException('alert not found');
      await assertTargetWithinScope(manager, principal, alert.target);
      return startNextRound(manager, principal.tenantId, alertId, new Date());
    });
    if (round === undefined) throw new ConflictException('the alert is closed');
    return { round };
  }

  @Get(':alertId')
  @Roles('owner', 'admin', 'department_admin')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
  ): Promise<AlertView & { progress: Record<string, number>; responded: number; rounds: number }> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const alert = await manager.getRepository(Alert).findOneBy({ id: alertId });
      if (!alert) throw new NotFoundException('alert not found');
      const counts: { state: string; n: number }[] = await manager.query('SELECT state, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY state', [alertId]);
      const [{ responded, rounds }] = await manager.query(
        'SELECT (SELECT count(*)::int FROM responded_recipients WHERE alert_id = $1) AS responded, (SELECT rounds_started FROM alerts WHERE id = $1) AS rounds',
        [alertId],
      );
      return { ...toAlertView(alert), progress: Object.fromEntries(counts.map((row) => [row.state, row.n])), responded, rounds };
    });
  }
}
