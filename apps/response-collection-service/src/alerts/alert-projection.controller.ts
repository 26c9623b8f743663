import { AlertClosedV1, AlertCreatedV1, AnswerLinksIssuedV1, EventEnvelope, TOPICS } from '@anpi/contracts';
import { KafkaEventContext } from '@anpi/messaging';
import { Controller } from '@nestjs/common';
import { addRecipients } from '../breakdowns/breakdown-counters';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

/** Keeps what the answer page needs from dispatch: the alert's questions, whether it closed, and the valid links. */
@Controller()
export class AlertProjectionController {
  @EventPattern(TOPICS.alertCreated.name)
  async recordAlert(@Payload() event: EventEnvelope<AlertCreatedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const alert = event.payload;
    await context.manager.query(
      `INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at, opened_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (alert_id) DO UPDATE SET title = EXCLUDED.title, message = EXCLUDED.message, questions = EXCLUDED.questions, drill = EXCLUDED.drill,
         closes_at = EXCLUDED.closes_at, opened_at = EXCLUDED.opened_at
       WHERE alert_projections.opened_at IS NULL`,
      [alert.alertId, event.tenantId, alert.title, alert.message, JSON.stringify(alert.questions), alert.drill, alert.closesAt, event.occurredAt],
    );
  }

  /**
   * Answers stop from `closedAt`. A close can overtake its alert's `alert.created` (another
   * topic): it is then kept on a placeholder row (no `opened_at`), which that `alert.created`
   * fills in above without reopening the alert.
   */
  @EventPattern(TOPICS.alertClosed.name)
  async recordClosed(@Payload() event: EventEnvelope<AlertClosedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const { alertId, closedAt } = event.payload;
    await context.manager.query(
      `INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at, closed_at, opened_at)
       VALUES ($1, $2, '', '', '[]', false, $3, $3, NULL)
       ON CONFLICT (alert_id) DO UPDATE SET closed_at = LEAST(alert_projections.closed_at, EXCLUDED.closed_at)`,
      [alertId, event.tenantId, closedAt],
    );
  }

  @EventPattern(TOPICS.answerLinksIssued.name)
  async recordLinks(@Payload() event: EventEnvelope<AnswerLinksIssuedV1>, @Ctx() context: KafkaEventContext): Promise<void> {
    const { alertId, validUntil, links } = event.payload;
    // xmax = 0 marks rows this statement inserted (not updated): only those are new recipients.
    const rows: { inserted: boolean; recipient_id: string }[] = await context.manager.query(
      `INSERT INTO answer_links (token_hash, tenant_id, alert_id, recipient_id, valid_until)
       SELECT token_hash, $1, $2, recipient_id, $3 FROM unnest($4::text[], $5::uuid[]) AS link(token_hash, recipient_id)
       ON CONFLICT (token_hash) DO UPDATE SET valid_until = EXCLUDED.valid_until
       RETURNING (xmax = 0) AS inserted, recipient_id`,
      [event.tenantId, alertId, validUntil, links.map((link) => link.tokenHash), links.map((link) => link.recipientId)],
    );
    const added = rows.filter((row) => row.inserted).length;
    if (added > 0) {
      await context.manager.query(
        `INSERT INTO alert_totals (alert_id, shard, tenant_id, recipients) VALUES ($1, 0, $2, $3)
         ON CONFLICT (alert_id, shard) DO UPDATE SET recipients = alert_totals.recipients + EXCLUDED.recipients`,
        [alertId, event.tenantId, added],
      );
      await addRecipients(context.manager, event.tenantId, alertId, rows.filter((row) => row.inserted).map((row) => row.recipient_id));
    }
  }
}
