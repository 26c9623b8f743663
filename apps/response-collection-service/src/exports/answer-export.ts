import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { displayAnswer, Language, Question } from '../answer-page/question-set';
import { readDepartmentTree, scopeRootsOf } from '../breakdowns/department-tree';
import { csvLine, localTime } from './csv-file';

interface ExportedAlert {
  questions: Question[];
  timeZone: string;
}

interface AnswerExportRow {
  recipient_id: string;
  employee_number: string | null;
  department_ids: string[] | null;
  work_prefecture: string | null;
  home_prefecture: string | null;
  answers: Record<string, string>;
  first_answered_at: Date;
  answered_at: Date;
  /** The answer as it stands was recorded by the crisis team on the person's behalf. */
  by_staff: boolean;
}

const fixedHeadings: Record<Language, string[]> = {
  ja: ['社員番号', '回答者ID', '部署', '勤務地', '自宅', '初回回答日時', '最終回答日時', '代理回答'],
  en: ['Employee number', 'Recipient ID', 'Departments', 'Work prefecture', 'Home prefecture', 'First answered at', 'Last answered at', 'Recorded by staff'],
};

const byStaffCell: Record<Language, string> = { ja: '代理', en: 'yes' };

const PAGE_SIZE = 1000;

/**
 * Every recorded answer of one alert as CSV lines: one row per person, choices by their label
 * in the requested language, times in the tenant's time zone. Read in keyset pages, each in
 * its own short tenant transaction, so a large export never holds a long transaction open.
 */
export class AnswerExport {
  constructor(private readonly dataSource: DataSource) {}

  async prepare(principal: Principal, alertId: string): Promise<ExportedAlert | undefined> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const [row]: { questions: Question[]; time_zone: string | null }[] = await manager.query(
        `SELECT p.questions, t.time_zone FROM alert_projections p LEFT JOIN known_tenants t ON t.tenant_id = p.tenant_id WHERE p.alert_id = $1`,
        [alertId],
      );
      return row && { questions: row.questions, timeZone: row.time_zone ?? 'Asia/Tokyo' };
    });
  }

  async *lines(principal: Principal, alertId: string, alert: ExportedAlert, language: Language): AsyncGenerator<string> {
    const departmentNames = await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => (await readDepartmentTree(manager)).names);
    yield csvLine([...fixedHeadings[language].slice(0, 5), ...alert.questions.map((question) => question.label[language]), ...fixedHeadings[language].slice(5)]);
    let after: string | null = null;
    do {
      const rows = await this.page(principal, alertId, after);
      for (const row of rows) {
        yield csvLine([
          row.employee_number,
          row.recipient_id,
          (row.department_ids ?? []).map((id) => departmentNames.get(id) ?? id).join(' / '),
          row.work_prefecture,
          row.home_prefecture,
          ...alert.questions.map((question) => (row.answers[question.id] === undefined ? '' : displayAnswer(question, row.answers[question.id], language))),
          localTime(new Date(row.first_answered_at), alert.timeZone),
          localTime(new Date(row.answered_at), alert.timeZone),
          row.by_staff ? byStaffCell[language] : '',
        ]);
      }
      after = rows.length === PAGE_SIZE ? rows[rows.length - 1].recipient_id : null;
    } while (after);
  }

  private page(principal: Principal, alertId: string, after: string | null): Promise<AnswerExportRow[]> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(
        `SELECT a.recipient_id, r.employee_number, r.department_ids, r.work_prefecture, r.home_prefecture, a.answers, a.first_answered_at, a.answered_at,
                EXISTS (SELECT 1 FROM staff_answers s WHERE s.alert_id = a.alert_id AND s.recipient_id = a.recipient_id AND s.revision = a.revision) AS by_staff
         FROM answers a LEFT JOIN alert_recipients r ON r.alert_id = a.alert_id AND r.recipient_id = a.recipient_id
         WHERE a.alert_id = $1
           AND ($2::uuid[] IS NULL OR r.department_scope && $2::uuid[])
           AND ($3::uuid IS NULL OR a.recipient_id > $3)
         ORDER BY a.recipient_id
         LIMIT ${PAGE_SIZE}`,
        [alertId, scopeRootsOf(principal), after],
      ),
    );
  }
}

