import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { BreakdownDimension, UNASSIGNED } from './breakdown-keys';
import { readDepartmentTree, visibleDepartment } from './department-tree';

export interface BreakdownRow {
  recipients: number;
  responded: number;
  responseRate: number;
  /** Counts per question per choice id. */
  answers: Record<string, Record<string, number>>;
}

export interface AlertBreakdown {
  alertId: string;
  /** Every department with its sub-departments rolled up; `departmentId` null = no department. */
  departments: (BreakdownRow & { departmentId: string | null; parentId: string | null; name: string | null })[];
  /** Owners and admins only: a prefecture spans departments, so department admins get none. */
  workPrefectures: (BreakdownRow & { prefecture: string | null })[];
  homePrefectures: (BreakdownRow & { prefecture: string | null })[];
}

interface TotalRow {
  dimension: BreakdownDimension;
  key: string;
  recipients: number;
  responded: number;
}

interface ChoiceRow {
  dimension: BreakdownDimension;
  key: string;
  question_id: string;
  choice_id: string;
  answers: number;
}

/** Counts by department and prefecture, read from the counters (never from the answers). */
export class AlertBreakdowns {
  constructor(private readonly dataSource: DataSource) {}

  async read(principal: Principal, alertId: string): Promise<AlertBreakdown | undefined> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      const [alert] = await manager.query('SELECT 1 FROM alert_projections WHERE alert_id = $1', [alertId]);
      if (!alert) return undefined;
      const totals: TotalRow[] = await manager.query(
        'SELECT dimension, key, sum(recipients)::int AS recipients, sum(responded)::int AS responded FROM breakdown_totals WHERE alert_id = $1 GROUP BY dimension, key ORDER BY dimension, key',
        [alertId],
      );
      const choices: ChoiceRow[] = await manager.query(
        `SELECT dimension, key, question_id, choice_id, sum(answers)::int AS answers FROM breakdown_choice_counts
         WHERE alert_id = $1 GROUP BY dimension, key, question_id, choice_id HAVING sum(answers) > 0`,
        [alertId],
      );
      const tree = await readDepartmentTree(manager);
      const wholeTenant = principal.role === 'owner' || principal.role === 'admin';
      const rows = toBreakdownRows(totals, choices);
      const of = (dimension: BreakdownDimension) => rows.filter((row) => row.dimension === dimension);
      return {
        alertId,
        departments: of('department')
          .filter((row) => (row.key === UNASSIGNED ? wholeTenant : visibleDepartment(principal, tree, row.key)))
          .map((row) => ({
            departmentId: row.key === UNASSIGNED ? null : row.key,
            parentId: row.key === UNASSIGNED ? null : (tree.parents.get(row.key) ?? null),
            name: tree.names.get(row.key) ?? null,
            ...countsOf(row),
          })),
        workPrefectures: wholeTenant ? of('work_prefecture').map(toPrefectureRow) : [],
        homePrefectures: wholeTenant ? of('home_prefecture').map(toPrefectureRow) : [],
      };
    });
  }
}

export function toBreakdownRows(totals: readonly TotalRow[], choices: readonly ChoiceRow[]): (BreakdownRow & { dimension: BreakdownDimension; key: string })[] {
  const answersByKey = new Map<string, BreakdownRow['answers']>();
  for (const choice of choices) {
    const id = `${choice.dimension}\u0000${choice.key}`;
    const answers = answersByKey.get(id) ?? {};
    answers[choice.question_id] = { ...answers[choice.question_id], [choice.choice_id]: choice.answers };
    answersByKey.set(id, answers);
  }
  return totals.map((row) => ({
    dimension: row.dimension,
    key: row.key,
    recipients: row.recipients,
    responded: row.responded,
    responseRate: row.recipients > 0 ? row.responded / row.recipients : 0,
    answers: answersByKey.get(`${row.dimension}\u0000${row.key}`) ?? {},
  }));
}

function toPrefectureRow(row: BreakdownRow & { key: string }) {
  return { prefecture: row.key === UNASSIGNED ? null : row.key, ...countsOf(row) };
}

function countsOf(row: BreakdownRow): BreakdownRow {
  return { recipients: row.recipients, responded: row.responded, responseRate: row.responseRate, answers: row.answers };
}
