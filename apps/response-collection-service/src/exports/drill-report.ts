import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { AlertSummaries, AlertSummary } from '../aggregates/alert-summary';
import { Language } from '../answer-page/question-set';
import { readDepartmentTree } from '../breakdowns/department-tree';
import { csvLine } from './csv-file';

export interface DrillReportFigures {
  recipients: number;
  responded: number;
  responseRate: number;
  /** Exact median of (first answer − alert opened), in seconds; null before anyone answered. */
  medianSecondsToAnswer: number | null;
}

export interface DrillReport extends DrillReportFigures {
  alertId: string;
  title: string;
  drill: boolean;
  openedAt: string | null;
  /** Cumulative first answers per 10 seconds since the alert opened (the answer-rate curve). */
  timeline: AlertSummary['timeline'];
  /** Each department with its sub-departments rolled up. */
  departments: (DrillReportFigures & { departmentId: string; name: string | null })[];
}

interface FigureRow {
  department_id?: string;
  recipients: number;
  responded: number;
  median_seconds: number | null;
}

/**
 * What a BCP team files after a drill (what Toyokumo's drill report shows, with the median
 * exact rather than bucketed): the answer-rate curve, the median time to answer, and both per
 * department. Computed from the answers when asked — a report, not the live view.
 */
export class DrillReports {
  constructor(
    private readonly dataSource: DataSource,
    private readonly summaries: AlertSummaries,
  ) {}

  async read(tenantId: string, alertId: string): Promise<DrillReport | undefined> {
    const summary = await this.summaries.read(tenantId, alertId);
    if (!summary) return undefined;
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [alert]: { title: string; drill: boolean; opened_at: Date | null }[] = await manager.query('SELECT title, drill, opened_at FROM alert_projections WHERE alert_id = $1', [alertId]);
      const secondsToAnswer = `extract(epoch FROM a.first_answered_at - (SELECT opened_at FROM alert_projections WHERE alert_id = $1))`;
      const [whole]: FigureRow[] = await manager.query(
        `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secondsToAnswer}) AS median_seconds FROM answers a WHERE a.alert_id = $1`,
        [alertId],
      );
      const departments: FigureRow[] = await manager.query(
        `SELECT scope AS department_id, count(*)::int AS recipients, count(a.recipient_id)::int AS responded,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY ${secondsToAnswer}) AS median_seconds
         FROM alert_recipients r CROSS JOIN LATERAL unnest(r.department_scope) AS scope
         LEFT JOIN answers a ON a.alert_id = r.alert_id AND a.recipient_id = r.recipient_id
         WHERE r.alert_id = $1
         GROUP BY scope ORDER BY scope`,
        [alertId],
      );
      const names = (await readDepartmentTree(manager)).names;
      return {
        alertId,
        title: alert.title,
        drill: alert.drill,
        openedAt: alert.opened_at ? new Date(alert.opened_at).toISOString() : null,
        ...figures({ recipients: summary.recipients, responded: summary.responded, median_seconds: whole?.median_seconds ?? null }),
        timeline: summary.timeline,
        departments: departments.map((row) => ({ departmentId: row.department_id!, name: names.get(row.department_id!) ?? null, ...figures(row) })),
      };
    });
  }
}

function figures(row: FigureRow): DrillReportFigures {
  return {
    recipients: row.recipients,
    responded: row.responded,
    responseRate: row.recipients > 0 ? row.responded / row.recipients : 0,
    medianSecondsToAnswer: row.median_seconds === null ? null : Math.round(Number(row.median_seconds)),
  };
}

const reportHeadings: Record<Language, { department: string[]; timeline: string[]; whole: string }> = {
  ja: { department: ['部署', '部署ID', '対象者数', '回答者数', '回答率', '回答までの時間(中央値・秒)'], timeline: ['経過秒数', '累計回答者数', '回答率'], whole: '全体' },
  en: { department: ['Department', 'Department ID', 'Recipients', 'Responded', 'Response rate', 'Median seconds to answer'], timeline: ['Seconds since open', 'Responded', 'Response rate'], whole: 'Whole company' },
};

/** The report as a spreadsheet: the per-department table, a blank line, then the curve. */
export function drillReportLines(report: DrillReport, language: Language): string[] {
  const headings = reportHeadings[language];
  const rate = (value: number) => (value * 100).toFixed(1) + '%';
  return [
    csvLine(headings.department),
    csvLine([headings.whole, '', report.recipients, report.responded, rate(report.responseRate), report.medianSecondsToAnswer]),
    ...report.departments.map((row) => csvLine([row.name ?? '', row.departmentId, row.recipients, row.responded, rate(row.responseRate), row.medianSecondsToAnswer])),
    '\r\n',
    csvLine(headings.timeline),
    ...report.timeline.map((point) => csvLine([point.secondsSinceOpen, point.responded, rate(report.recipients > 0 ? point.responded / report.recipients : 0)])),
  ];
}
