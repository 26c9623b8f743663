import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, Headers, HttpCode, Inject, Ip, NotFoundException, Param, ParseUUIDPipe, Post, Query, Res, UnprocessableEntityException, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Alert, AlertView, toAlertView } from './alert.entity';
import { CreateAlertCommand, createAlertCommandSchema } from './create-alert.command';
import { CreateAlert } from './create-alert.use-case';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { countDeliveriesByState, countResponded, measureAlertProgress } from '../delivery/alert-progress';
import { recipientFilterSchema, RecipientFilter } from '../fan-out/start-fan-out';
import { sendAgain, SendAgainResult } from '../resend/send-again';
import { idempotencyKeySchema } from './idempotency-key';
import { alertTargetSchema } from './alert-target';
import { closeAlert } from './close-alert';
import { assertTargetWithinScope } from './department-scope-check';
import { AlertListing, AlertListingQuery, alertListingQuerySchema, listAlerts } from './alert-listing';
import { MessagePreviews, TenantTemplatesStore } from '../templates';
import { tenantWording } from '../templates/tenant-wording';
import { userActor } from '../audit';

const recipientCountSchema = z.object({ target: alertTargetSchema }).strict();


/** The console's alert API. The tenant always comes from the verified token. */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
export class AlertsController {
  constructor(
    private readonly createAlert: CreateAlert,
    private readonly dataSource: DataSource,
    @Inject(RECIPIENT_SOURCE) private readonly recipients: RecipientSource,
    private readonly templates: TenantTemplatesStore,
    private readonly previews: MessagePreviews,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('owner', 'admin', 'department_admin')
  async create(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Body(new ZodValidationPipe(createAlertCommandSchema)) command: CreateAlertCommand,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AlertView> {
    const idempotencyKey = new ZodValidationPipe(idempotencyKeySchema, 'Idempotency-Key').transform(rawIdempotencyKey);
    await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await assertTargetWithinScope(manager, principal, command.target);
      await this.assertFitsChannels(manager, principal.tenantId, command);
    });
    const recipientCount = await this.recipients.count(principal.tenantId, command.target);
    if (recipientCount === 0) {
      // Named at `target`, so a client can tell it from the other 422s (a text a channel cannot carry, a reused Idempotency-Key).
      throw new UnprocessableEntityException({
        error: 'Unprocessable Entity',
        message: 'the target reaches nobody: no active employee matches it',
        details: [{ path: 'target', message: 'no active employee matches this target' }],
      });
    }
    const result = await this.createAlert.execute(
      { tenantId: principal.tenantId, createdBy: principal.userId, source: 'manual', actor: userActor({ principal, ip }), recipientCount },
      command,
      idempotencyKey,
    );
    if (result.replayed) reply.status(200).header('idempotent-replayed', 'true');
    return result.alert;
  }

  /**
   * Refuses, before anything is sent, an alert a channel it lists cannot carry with the tenant's
   * templates (an SMS template that includes the alert's text, a subject too long with the
   * title): the admin can shorten it now; found at send time, every such message would fail.
   */
  private async assertFitsChannels(manager: EntityManager, tenantId: string, command: CreateAlertCommand): Promise<void> {
    const wording = { title: command.title, message: command.message, drill: command.drill, ...(await tenantWording(manager, tenantId)) };
    const problems = this.previews.problemsWith(await this.templates.load(manager, tenantId), wording, command.channels);
    if (problems.length > 0) throw new UnprocessableEntityException({ error: 'Unprocessable Entity', message: 'the alert does not fit the channels it lists', details: problems });
  }

  /** The console's alert list, newest first (see listAlerts for what a department admin sees). */
  @Get()
  @Roles('owner', 'admin', 'department_admin')
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(alertListingQuerySchema)) query: AlertListingQuery): Promise<AlertListing> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => listAlerts(manager, principal, query));
  }

  /** The console's live count while an admin composes the target. */
  @Post('recipient-count')
  @HttpCode(200)
  @Roles('owner', 'admin', 'department_admin')
  async recipientCount(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(recipientCountSchema)) body: z.infer<typeof recipientCountSchema>) {
    await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => assertTargetWithinScope(manager, principal, body.target));
    return { count: await this.recipients.count(principal.tenantId, body.target) };
  }

  /**
   * "Send again now" to non-responders: all of them, or only those in some departments and/or
   * some people (body). A department admin reaches only their own departments.
   */
  @Post(':alertId/resend')
  @HttpCode(202)
  @Roles('owner', 'admin', 'department_admin')
  async resend(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('alertId', new ParseUUIDPipe()) alertId: string,
    @Body(new ZodValidationPipe(recipientFilterSchema.default({}))) filter: RecipientFilter,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SendAgainResult> {
    const idempotencyKey = new ZodValidationPipe(idempotencyKeySchema, 'Idempotency-Key').transform(rawIdempotencyKey);
    const result = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => sendAgain(manager, { principal, ip }, alertId, filter, idempotencyKey, new Date()));
    if (result.replayed) reply.status(200).header('idempotent-replayed', 'true');
    return result;
  }

  /**
   * Closes the safety check now (a mistaken alert, or everyone is accounted for): answers stop,
   * queued messages are cancelled, no more re-sends. A department admin may close only an alert
   * aimed inside their scope. Closing a closed alert changes nothing and answers the same.
   */
  @Post(':alertId/close')
  @HttpCode(200)
  @Roles('owner', 'admin', 'department_admin')
  async close(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<AlertView> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const alerts = manager.getRepository(Alert);
      const alert = await alerts.findOne({ where: { id: alertId }, lock: { mode: 'pessimistic_write' } });
      if (!alert) throw new NotFoundException('alert not found');
      await assertTargetWithinScope(manager, principal, alert.target);
      await closeAlert(manager, principal.tenantId, alertId, 'closed-by-staff', userActor({ principal, ip }), new Date());
      return toAlertView(await alerts.findOneByOrFail({ id: alertId }));
    });
  }

  /** Per-channel progress, as the `alert.progress` event carries it (counted now). */
  @Get(':alertId/progress')
  @Roles('owner', 'admin', 'department_admin')
  async progress(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string) {
    const progress = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => measureAlertProgress(manager, alertId, new Date()));
    if (!progress) throw new NotFoundException('alert not found');
    return progress;
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
      const [{ rounds }]: { rounds: number }[] = await manager.query('SELECT rounds_started AS rounds FROM alerts WHERE id = $1', [alertId]);
      return { ...toAlertView(alert), progress: await countDeliveriesByState(manager, alertId), responded: await countResponded(manager, alertId), rounds };
    });
  }
}
