import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { displayAnswer, Language, Question } from '../answer-page/question-set';
import { AnswerFilter, AnswerList, everyListedAnswer } from '../answer-list/answer-list';
import { readDepartmentTree } from '../breakdowns/department-tree';
import { csvLine, localTime } from './csv-file';

interface ExportedAlert {
  questions: Question[];
  timeZone: string;
}

const fixedHeadings: Record<Language, string[]> = {
  ja: ['社員番号', '回答者ID', '部署', '勤務地', '自宅', '初回回答日時', '最終回答日時', '代理回答'],
  en: ['Employee number', 'Recipient ID', 'Departments', 'Work prefecture', 'Home prefecture', 'First answered at', 'Last answered at', 'Recorded by staff'],
};

const byStaffCell: Record<Language, string> = { ja: '代理', en: 'yes' };

/**
 * Every recorded answer of one alert — or the people one answer's filter keeps (the injured,
 * one department) — as CSV lines: one row per person, choices by their label in the requested
 * language, times in the tenant's time zone. Read through the answer list in keyset pages, each
 * in its own short tenant transaction, so a large export never holds a long transaction open.
 */
export class AnswerExport {
  constructor(
    private readonly dataSource: DataSource,
    private readonly list: AnswerList,
  ) {}

  async prepare(principal: Principal, alertId: string): Promise<ExportedAlert | undefined> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const [row]: { questions: Question[]; time_zone: string | null }[] = await manager.query(
        `SELECT p.questions, t.time_zone FROM alert_projections p LEFT JOIN known_tenants t ON t.tenant_id = p.tenant_id WHERE p.alert_id = $1`,
        [alertId],
      );
      return row && { questions: row.questions, timeZone: row.time_zone ?? 'Asia/Tokyo' };
    });
  }

  async *lines(principal: Principal, alertId: string, alert: ExportedAlert, language: Language, filter: AnswerFilter = {}): AsyncGenerator<string> {
    const departmentNames = await runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => (await readDepartmentTree(manager)).names);
    yield csvLine([...fixedHeadings[language].slice(0, 5), ...alert.questions.map((question) => question.label[language]), ...fixedHeadings[language].slice(5)]);
    for await (const row of everyListedAnswer(this.list, principal, alertId, filter)) {
      yield csvLine([
        row.employeeNumber,
        row.recipientId,
        row.departmentIds.map((id) => departmentNames.get(id) ?? id).join(' / '),
        row.workPrefecture,
        row.homePrefecture,
        ...alert.questions.map((question) => (row.answers[question.id] === undefined ? '' : displayAnswer(question, row.answers[question.id], language))),
        localTime(new Date(row.firstAnsweredAt), alert.timeZone),
        localTime(new Date(row.answeredAt), alert.timeZone),
        row.recordedByStaff ? byStaffCell[language] : '',
      ]);
    }
  }
}

