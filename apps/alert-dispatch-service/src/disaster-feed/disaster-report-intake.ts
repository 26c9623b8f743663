import { INSTALLATION_TENANT_ID } from '@anpi/contracts';
import { JmaParseError, parseJmaReport } from '@anpi/jma-xml';
import { appendToOutbox } from '@anpi/messaging';
import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { decideOnReport } from './disaster-report';

export type ReportSource = 'poll' | 'push';

export type IntakeOutcome =
  | { outcome: 'published'; reportId: string }
  | { outcome: 'duplicate'; reportId: string }
  | { outcome: 'ignored'; reason: string }
  | { outcome: 'rejected'; reason: string };

/**
 * The one pipeline both sources feed: untrusted XML in; refused with a logged reason, ignored,
 * or stored once (by content hash, whichever source delivered it first) and announced as
 * `disaster.event` through the outbox in the same transaction.
 */
export class DisasterReportIntake {
  private readonly reports: Counter<'source' | 'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    registry: Registry,
    private readonly maxReportBytes: number,
    private readonly afterPublish: () => void = () => undefined,
  ) {
    this.reports = new Counter({
      name: 'anpi_jma_reports_total',
      help: 'JMA reports received, by source (poll, push) and outcome (published, duplicate, ignored, rejected).',
      labelNames: ['source', 'outcome'],
      registers: [registry],
    });
  }

  async receive(xml: Buffer, source: ReportSource): Promise<IntakeOutcome> {
    const result = await this.process(xml, source);
    this.reports.inc({ source, outcome: result.outcome });
    if (result.outcome === 'rejected') this.logger.warn({ source, reason: result.reason, bytes: xml.length }, 'JMA report rejected');
    else if (result.outcome === 'ignored') this.logger.info({ source, reason: result.reason }, 'JMA report ignored');
    else this.logger.info({ source, outcome: result.outcome, reportId: result.reportId }, 'JMA report accepted');
    if (result.outcome === 'published') this.afterPublish();
    return result;
  }

  private async process(xml: Buffer, source: ReportSource): Promise<IntakeOutcome> {
    let report;
    try {
      report = parseJmaReport(xml, { maxBytes: this.maxReportBytes });
    } catch (error) {
      if (error instanceof JmaParseError) return { outcome: 'rejected', reason: error.message.slice(0, 500) };
      throw error;
    }
    const decision = decideOnReport(report);
    if (decision.kind === 'ignore') return { outcome: 'ignored', reason: decision.reason };
    const contentSha256 = createHash('sha256').update(xml).digest('hex');
    return this.dataSource.transaction(async (manager) => {
      const reportId = randomUUID();
      const { facts } = decision;
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO disaster_reports (id, content_sha256, source, jma_event_id, serial, status, info_type, report_type, facts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (content_sha256) DO NOTHING RETURNING id`,
        [reportId, contentSha256, source, facts.jmaEventId, facts.serial, facts.status, facts.infoType, facts.reportType, JSON.stringify(facts)],
      );
      if (inserted.length === 0) {
        const [earlier]: { id: string }[] = await manager.query('SELECT id FROM disaster_reports WHERE content_sha256 = $1', [contentSha256]);
        return { outcome: 'duplicate' as const, reportId: earlier.id };
      }
      await appendToOutbox(manager, [
        // Keyed by JMA's EventID: the reports of one event stay in order on one partition.
        { type: 'disaster.event', version: 1, tenantId: INSTALLATION_TENANT_ID, key: facts.jmaEventId, payload: { reportId, source, ...facts } },
      ]);
      return { outcome: 'published' as const, reportId };
    });
  }
}
