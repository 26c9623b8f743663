import type { DisasterEventV1 } from '@anpi/contracts';
import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { UnprocessableEntityException } from '@nestjs/common';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { createAlertCommandSchema } from '../alerts/create-alert.command';
import { CreateAlert } from '../alerts/create-alert.use-case';
import type { AlertTarget } from '../alerts/alert-target';
import { RecipientSource } from '../recipients/recipient-source';
import { RULE_COLUMNS, ruleFromRow, type DisasterRule, type DisasterRuleRow } from './disaster-rule';
import { alertText, isTooOldToAlert, planFiring, type FiringPlan, type PreviousFiring } from './rule-matching';
import { closeAlert } from '../alerts/close-alert';
import { DISASTER_RULE_ENGINE_ACTOR } from '../audit';

const HAZARD_OF_REPORT_TYPE: Record<DisasterEventV1['reportType'], DisasterRule['hazard']> = {
  VXSE51: 'earthquake',
  VXSE53: 'earthquake',
  VTSE41: 'tsunami',
  VPWW53: 'special-warning',
};

export interface DisasterRuleEngineOptions {
  /** Tenants evaluated at once; bounded by the database pool. */
  tenantConcurrency: number;
  /** Reports older than this alert nobody; 0 = no limit (replaying JMA's samples in tests). */
  maxReportAgeMinutes: number;
}

/**
 * Applies one disaster report to every tenant's rules: alerts through the ordinary
 * alert-creation use case (so fan-out, channels and re-sends behave as for a manual alert), or,
 * for a 取消, closes what was not sent yet and tells the crisis team. Safe to run twice for the
 * same report, on any number of replicas at once.
 */
export class DisasterRuleEngine {
  private readonly fired: Counter<'kind'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly createAlert: CreateAlert,
    private readonly recipients: RecipientSource,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: DisasterRuleEngineOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.fired = new Counter({ name: 'anpi_disaster_rule_alerts_total', help: 'Alerts created by disaster rules, by kind (alert, realert, drill).', labelNames: ['kind'], registers: [registry] });
  }

  async evaluate(event: DisasterEventV1): Promise<void> {
    if (isTooOldToAlert(event, this.clock(), this.options.maxReportAgeMinutes)) {
      this.logger.warn({ reportId: event.reportId, jmaEventId: event.jmaEventId, reportDateTime: event.reportDateTime }, 'JMA report too old to alert anyone');
      await this.dataSource.query('UPDATE disaster_reports SET evaluated_at = now() WHERE id = $1', [event.reportId]);
      return;
    }
    const tenants: { tenant_id: string }[] = await this.dataSource.query('SELECT tenant_id FROM disaster_tenants ORDER BY tenant_id');
    let next = 0;
    const worker = async () => {
      while (next < tenants.length) {
        const tenantId = tenants[next++].tenant_id;
        await (event.infoType === 'cancelled' ? this.cancelForTenant(tenantId, event) : this.evaluateForTenant(tenantId, event));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.tenantConcurrency, tenants.length) }, worker));
    await this.dataSource.query('UPDATE disaster_reports SET evaluated_at = now() WHERE id = $1', [event.reportId]);
  }

  private async evaluateForTenant(tenantId: string, event: DisasterEventV1): Promise<void> {
    const { rules, firings } = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const ruleRows: DisasterRuleRow[] = await manager.query(`SELECT ${RULE_COLUMNS} FROM disaster_rules WHERE enabled ORDER BY created_at`);
      const firingRows: { rule_id: string; level: number; fired_at: Date }[] = await manager.query(
        'SELECT rule_id, level, fired_at FROM disaster_rule_firings WHERE jma_event_id = $1',
        [event.jmaEventId],
      );
      return { rules: ruleRows.map(ruleFromRow), firings: firingRows };
    });
    for (const rule of rules) {
      const previous: PreviousFiring[] = firings.filter((firing) => firing.rule_id === rule.id).map((firing) => ({ level: firing.level, firedAt: new Date(firing.fired_at) }));
      const plan = planFiring(rule, event, previous, this.clock());
      if (plan.kind === 'fire') await this.fire(tenantId, rule, event, plan);
    }
  }

  private async fire(tenantId: string, rule: DisasterRule, event: DisasterEventV1, plan: Extract<FiringPlan, { kind: 'fire' }>): Promise<void> {
    const target: AlertTarget = { kind: 'prefectures', prefectureCodes: plan.match.prefectureCodes, match: rule.match };
    // Nobody of this tenant in the affected prefectures: no alert at all, not an empty one.
    const recipientCount = await this.recipients.count(tenantId, target);
    if (recipientCount === 0) return;
    const command = createAlertCommandSchema.parse({ ...alertText(rule, event, plan), target, channels: rule.channels, drill: plan.drill });
    let alertId: string;
    try {
      const result = await this.createAlert.execute({ tenantId, createdBy: `disaster-rule:${rule.id}`, source: 'disaster-rule', recipientCount }, command, plan.idempotencyKey);
      alertId = result.alert.id;
      if (!result.replayed) this.fired.inc({ kind: plan.drill ? 'drill' : plan.realert ? 'realert' : 'alert' });
    } catch (error) {
      // Another replica fired this rule for this event from another report of it (other serial):
      // same key, different text. That alert stands; record it and move on.
      if (!(error instanceof UnprocessableEntityException)) throw error;
      alertId = await this.alertIdForKey(tenantId, plan.idempotencyKey);
    }
    await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query(
        `INSERT INTO disaster_rule_firings (tenant_id, rule_id, jma_event_id, level, report_id, alert_id, drill)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, rule_id, jma_event_id, level) DO NOTHING`,
        [tenantId, rule.id, event.jmaEventId, plan.match.level, event.reportId, alertId, plan.drill],
      ),
    );
    this.logger.info({ tenantId, ruleId: rule.id, alertId, jmaEventId: event.jmaEventId, drill: plan.drill }, 'disaster rule fired');
  }

  private async alertIdForKey(tenantId: string, idempotencyKey: string): Promise<string> {
    const [row]: { id: string }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query('SELECT id FROM alerts WHERE idempotency_key = $1', [idempotencyKey]),
    );
    return row.id;
  }

  /**
   * 取消: JMA withdrew the event. Alerts of which no message has gone out yet are closed (their
   * queued messages cancelled; the fan-out, senders and re-send rounds skip closed alerts). An
   * alert that already reached people stays as it is: the crisis team, told which alerts were
   * stopped and which were already sent, decides what to tell employees.
   */
  private async cancelForTenant(tenantId: string, event: DisasterEventV1): Promise<void> {
    await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      // A tsunami report's 取消 withdraws the tsunami alerts of that EventID, not the earthquake ones.
      const fired: { alert_id: string }[] = await manager.query(
        'SELECT DISTINCT f.alert_id FROM disaster_rule_firings f JOIN disaster_rules r ON r.id = f.rule_id WHERE f.jma_event_id = $1 AND r.hazard = $2',
        [event.jmaEventId, HAZARD_OF_REPORT_TYPE[event.reportType]],
      );
      if (fired.length === 0) return;
      const alertIds = fired.map((row) => row.alert_id);
      // Only alerts that reached nobody yet; locked, so a sender cannot start on one meanwhile.
      const unsent: { id: string }[] = await manager.query(
        `SELECT a.id FROM alerts a
         WHERE a.id = ANY($1::uuid[]) AND a.state <> 'closed'
           AND NOT EXISTS (SELECT 1 FROM delivery_counts c WHERE c.alert_id = a.id AND c.state IN ('sending', 'sent') HAVING sum(c.deliveries) > 0)
         ORDER BY a.id FOR UPDATE OF a`,
        [alertIds],
      );
      const now = new Date();
      const closed: { id: string }[] = [];
      for (const { id } of unsent) {
        if (await closeAlert(manager, tenantId, id, 'disaster-report-withdrawn', DISASTER_RULE_ENGINE_ACTOR, now)) closed.push({ id });
      }
      const sent: { alert_id: string }[] = await manager.query(`SELECT alert_id FROM delivery_counts WHERE alert_id = ANY($1::uuid[]) AND state = 'sent' GROUP BY alert_id HAVING sum(deliveries) > 0`, [alertIds]);
      await appendToOutbox(manager, [
        {
          type: 'disaster.cancellation-notice',
          version: 1,
          tenantId,
          payload: { jmaEventId: event.jmaEventId, closedAlertIds: closed.map((row) => row.id), alreadySentAlertIds: sent.map((row) => row.alert_id) },
        },
      ]);
      this.logger.warn({ tenantId, jmaEventId: event.jmaEventId, closed: closed.length, alreadySent: sent.length }, 'JMA cancelled an event that had triggered alerts');
    });
  }
}
