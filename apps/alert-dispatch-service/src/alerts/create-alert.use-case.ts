import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { UnprocessableEntityException } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DispatchAuditActor, recordDispatchAudit } from '../audit';
import { TenantQuestionSetStore } from '../question-sets/tenant-question-set.store';
import { scheduleAlert } from '../resend/start-next-round';
import { scheduleWidening } from '../resend/widen-to-everyone';
import { Alert, AlertView, toAlertView } from './alert.entity';
import { CreateAlertCommand } from './create-alert.command';

export interface AlertRequester {
  tenantId: string;
  /** A user id, a rule id or a service name: who is accountable for this alert. */
  createdBy: string;
  source: Alert['source'];
  /** Who the audit log names; without it, derived from `source` and `createdBy` (see creatorActor). */
  actor?: DispatchAuditActor;
  /** How many people the target reached when the caller checked it (for the audit log). */
  recipientCount?: number;
}

/**
 * The audit log's actor of a new alert: the console passes the signed-in person (role and
 * address included); a disaster rule is one of dispatch's own jobs; an internal gRPC caller is a
 * service, named as it is accountable (`caller:created_by`).
 */
export function creatorActor(requester: AlertRequester): DispatchAuditActor {
  if (requester.actor) return requester.actor;
  switch (requester.source) {
    case 'manual':
      return { kind: 'user', userId: requester.createdBy, role: null, ip: null };
    case 'disaster-rule':
      return { kind: 'system', job: requester.createdBy };
    case 'internal':
      return { kind: 'service', caller: requester.createdBy };
  }
}

export interface CreateAlertResult {
  alert: AlertView;
  replayed: boolean;
}

/**
 * Creates a safety check and starts its first round: the alert row and `alert.created`
 * commit together, and the fan-out starts from the event. With an Idempotency-Key, a
 * repeated request (a double click, a retried disaster rule) returns the first alert.
 */
export class CreateAlert {
  private readonly questionSets = new TenantQuestionSetStore();

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(requester: AlertRequester, command: CreateAlertCommand, idempotencyKey?: string): Promise<CreateAlertResult> {
    // Hashed as asked: a request without questions stays the same request when the tenant's set changes.
    const requestHash = createHash('sha256').update(JSON.stringify({ ...command, source: requester.source })).digest('hex');
    return runInTenantTransaction(this.dataSource, requester.tenantId, async (manager) => {
      const alertId = randomUUID();
      // Explicit questions win; otherwise the company's own set (or Anpi's defaults). The alert keeps this copy.
      const questions = command.questions ?? (await this.questionSets.questionsFor(manager, requester.tenantId));
      const closesAt = new Date(this.clock().getTime() + command.autoCloseAfterHours * 3_600_000);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO alerts (id, tenant_id, state, title, message, questions, target, channels, drill, source, created_by,
                             idempotency_key, request_hash, resend_interval_minutes, resend_max_rounds, closes_at, widen_to_all_after_minutes)
         VALUES ($1, $2, 'sending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`,
        [
          alertId,
          requester.tenantId,
          command.title,
          command.message,
          JSON.stringify(questions),
          JSON.stringify(command.target),
          command.channels,
          command.drill,
          requester.source,
          requester.createdBy,
          idempotencyKey ?? null,
          requestHash,
          command.resend.intervalMinutes,
          command.resend.maxRounds,
          closesAt,
          command.widenToAllAfterMinutes ?? null,
        ],
      );
      if (inserted.length === 0) {
        return { alert: toAlertView(await this.earlierAlert(manager, idempotencyKey!, requestHash)), replayed: true };
      }
      const alert = await manager.getRepository(Alert).findOneByOrFail({ id: alertId });
      await scheduleAlert(manager, requester.tenantId, alertId, 1, command.resend.maxRounds, command.resend.intervalMinutes, closesAt, this.clock());
      if (command.widenToAllAfterMinutes !== undefined) {
        await scheduleWidening(manager, alertId, new Date(this.clock().getTime() + command.widenToAllAfterMinutes * 60_000));
      }
      await appendToOutbox(manager, [
        {
          type: 'alert.created',
          version: 1,
          tenantId: requester.tenantId,
          payload: {
            alertId,
            title: alert.title,
            message: alert.message,
            questions: alert.questions,
            target: alert.target,
            channels: alert.channels,
            drill: alert.drill,
            source: alert.source,
            createdBy: alert.createdBy,
            closesAt: alert.closesAt.toISOString(),
            resend: { intervalMinutes: alert.resendIntervalMinutes, maxRounds: alert.resendMaxRounds },
          },
        },
      ]);
      await recordDispatchAudit(manager, requester.tenantId, creatorActor(requester), [
        {
          action: 'alert.created',
          targetType: 'alert',
          targetId: alertId,
          details: { drill: alert.drill, source: alert.source, targetKind: alert.target.kind, channels: alert.channels, recipientCount: requester.recipientCount ?? null },
        },
      ]);
      return { alert: toAlertView(alert), replayed: false };
    });
  }

  private async earlierAlert(manager: EntityManager, idempotencyKey: string, requestHash: string): Promise<Alert> {
    const earlier = await manager.getRepository(Alert).findOneByOrFail({ idempotencyKey });
    if (earlier.requestHash !== requestHash) {
      throw new UnprocessableEntityException('this Idempotency-Key was used with a different alert');
    }
    return earlier;
  }
}
