import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, NotFoundException, Param, ParseUUIDPipe, Post, Put, Query, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { changedFields, DispatchAuditEntry, recordDispatchAudit, userActor } from '../audit';
import { RULE_COLUMNS, RULE_WRITE_COLUMNS, disasterRuleInputSchema, ruleFromRow, ruleWriteValues, type DisasterRule, type DisasterRuleInput, type DisasterRuleRow } from './disaster-rule';

/** What the audit log keeps of a rule: its kind and switches, never its name or the texts it sends. */
function ruleAuditEntry(action: DispatchAuditEntry['action'], rule: DisasterRule, extra: Record<string, unknown> = {}): DispatchAuditEntry {
  return { action, targetType: 'disaster_rule', targetId: rule.id, details: { hazard: rule.hazard, enabled: rule.enabled, channels: rule.channels, includeDrills: rule.includeDrills, ...extra } };
}

const recentQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }).strict();

/** Admins manage their company's disaster rules (each change audited) and see what recent reports triggered. The tenant comes from the token. */
@Controller('v1/disaster-rules')
@UseGuards(AccessTokenGuard)
export class DisasterRulesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Roles('owner', 'admin')
  async list(@CurrentPrincipal() principal: Principal): Promise<DisasterRule[]> {
    const rows: DisasterRuleRow[] = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(`SELECT ${RULE_COLUMNS} FROM disaster_rules ORDER BY created_at`),
    );
    return rows.map(ruleFromRow);
  }

  @Post()
  @HttpCode(201)
  @Roles('owner', 'admin')
  async create(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Body(new ZodValidationPipe(disasterRuleInputSchema)) input: DisasterRuleInput): Promise<DisasterRule> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await manager.query('INSERT INTO disaster_tenants (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING', [principal.tenantId]);
      const [row]: DisasterRuleRow[] = await manager.query(
        `INSERT INTO disaster_rules (tenant_id, ${RULE_WRITE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${RULE_COLUMNS}`,
        [principal.tenantId, ...ruleWriteValues(input)],
      );
      const rule = ruleFromRow(row);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [ruleAuditEntry('disaster_rule.created', rule)]);
      return rule;
    });
  }

  @Put(':ruleId')
  @Roles('owner', 'admin')
  async replace(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('ruleId', new ParseUUIDPipe()) ruleId: string,
    @Body(new ZodValidationPipe(disasterRuleInputSchema)) input: DisasterRuleInput,
  ): Promise<DisasterRule> {
    const assignments = RULE_WRITE_COLUMNS.split(', ')
      .map((column, index) => `${column} = $${index + 2}`)
      .join(', ');
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      // The rule as it was, locked: the audit log names the fields this replacement changed.
      const [before]: DisasterRuleRow[] = await manager.query(`SELECT ${RULE_COLUMNS} FROM disaster_rules WHERE id = $1 FOR UPDATE`, [ruleId]);
      if (!before) throw new NotFoundException('disaster rule not found');
      const [[row]]: [DisasterRuleRow[], number] = await manager.query(`UPDATE disaster_rules SET ${assignments}, updated_at = now() WHERE id = $1 RETURNING ${RULE_COLUMNS}`, [ruleId, ...ruleWriteValues(input)]);
      const rule = ruleFromRow(row);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [ruleAuditEntry('disaster_rule.changed', rule, { changedFields: changedFields(ruleFromRow(before), rule) })]);
      return rule;
    });
  }

  @Delete(':ruleId')
  @HttpCode(204)
  @Roles('owner', 'admin')
  async remove(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('ruleId', new ParseUUIDPipe()) ruleId: string): Promise<void> {
    await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const [rule]: (DisasterRuleRow & { fired: boolean })[] = await manager.query(
        `SELECT ${RULE_COLUMNS}, EXISTS (SELECT 1 FROM disaster_rule_firings WHERE rule_id = $1) AS fired FROM disaster_rules WHERE id = $1 FOR UPDATE`,
        [ruleId],
      );
      if (!rule) throw new NotFoundException('disaster rule not found');
      // A rule that already fired keeps its history (the console shows what it triggered): disabled, not deleted.
      await manager.query(rule.fired ? 'UPDATE disaster_rules SET enabled = false, updated_at = now() WHERE id = $1' : 'DELETE FROM disaster_rules WHERE id = $1', [ruleId]);
      await recordDispatchAudit(manager, principal.tenantId, userActor({ principal, ip }), [ruleAuditEntry('disaster_rule.removed', ruleFromRow(rule), { keptDisabled: rule.fired })]);
    });
  }
}

export interface RecentDisasterEvent {
  reportId: string;
  jmaEventId: string;
  serial: number | null;
  status: string;
  infoType: string;
  reportType: string;
  title: string;
  headline: string;
  receivedAt: string;
  /** This tenant's rules that fired on this report, with the alert each created. */
  triggered: { ruleId: string; ruleName: string; alertId: string; drill: boolean; firedAt: string }[];
}

/** The console's "recent disaster reports and what they did for us". */
@Controller('v1/disaster-events')
@UseGuards(AccessTokenGuard)
export class DisasterEventsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Roles('owner', 'admin', 'department_admin')
  async recent(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(recentQuerySchema)) query: z.infer<typeof recentQuerySchema>): Promise<RecentDisasterEvent[]> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const reports: { id: string; jma_event_id: string; serial: number | null; status: string; info_type: string; report_type: string; facts: { title: string; headline: string }; received_at: Date }[] =
        await manager.query('SELECT id, jma_event_id, serial, status, info_type, report_type, facts, received_at FROM disaster_reports ORDER BY received_at DESC LIMIT $1', [query.limit]);
      const firings: { report_id: string; rule_id: string; name: string; alert_id: string; drill: boolean; fired_at: Date }[] = await manager.query(
        `SELECT f.report_id, f.rule_id, r.name, f.alert_id, f.drill, f.fired_at FROM disaster_rule_firings f JOIN disaster_rules r ON r.id = f.rule_id
         WHERE f.report_id = ANY($1::uuid[]) ORDER BY f.fired_at`,
        [reports.map((report) => report.id)],
      );
      return reports.map((report) => ({
        reportId: report.id,
        jmaEventId: report.jma_event_id,
        serial: report.serial,
        status: report.status,
        infoType: report.info_type,
        reportType: report.report_type,
        title: report.facts.title,
        headline: report.facts.headline,
        receivedAt: new Date(report.received_at).toISOString(),
        triggered: firings
          .filter((firing) => firing.report_id === report.id)
          .map((firing) => ({ ruleId: firing.rule_id, ruleName: firing.name, alertId: firing.alert_id, drill: firing.drill, firedAt: new Date(firing.fired_at).toISOString() })),
      }));
    });
  }
}
