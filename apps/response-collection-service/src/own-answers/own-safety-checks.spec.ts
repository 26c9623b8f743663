import { Principal } from '@anpi/auth-guard';
import { DataSource } from 'typeorm';
import { RecordAnswer } from '../answer-page/record-answer.use-case';
import { MySafetyCheckRow, OwnSafetyChecks, toMySafetyCheck } from './own-safety-checks';

const tenantId = '00000000-0000-4000-8000-000000000001';
const alertId = '00000000-0000-4000-8000-000000000002';
const employeeId = '00000000-0000-4000-8000-000000000003';
const questions = [{ id: 'safety', kind: 'choice' as const, required: true, label: { ja: '安否', en: 'Safety' }, choices: [{ id: 'safe', label: { ja: '無事', en: 'Safe' } }] }];
const openAlert = { status: 'open' as const, alert: { title: 't', message: 'm', drill: false, questions, closesAt: new Date(Date.now() + 3_600_000) }, placement: { departmentScope: [], workPrefecture: null, homePrefecture: null } };

/** A database whose tenant transactions answer `rows` to every statement. */
function databaseAnswering(rows: unknown[]): { dataSource: DataSource; statements: { sql: string; parameters?: unknown[] }[] } {
  const statements: { sql: string; parameters?: unknown[] }[] = [];
  const manager = {
    query: jest.fn(async (sql: string, parameters?: unknown[]) => {
      statements.push({ sql, parameters });
      return sql.startsWith('SELECT set_config') ? [] : rows;
    }),
  };
  const dataSource = { transaction: jest.fn(async (work: (m: typeof manager) => Promise<unknown>) => work(manager)) } as unknown as DataSource;
  return { dataSource, statements };
}

const member = (employee?: string): Principal => ({ tenantId, userId: '00000000-0000-4000-8000-000000000009', role: 'member', departmentIds: [], ...(employee ? { employeeId: employee } : {}) });

describe('OwnSafetyChecks', () => {
  it('lists nothing, and reads nothing, for an account not linked to a directory person', async () => {
    const { dataSource, statements } = databaseAnswering([]);
    await expect(new OwnSafetyChecks(dataSource, {} as RecordAnswer).list(member(), new Date())).resolves.toEqual({ linked: false, safetyChecks: [] });
    expect(statements).toEqual([]);
  });

  it('refuses an answer from an account not linked to a directory person before reading anything', async () => {
    const { dataSource, statements } = databaseAnswering([]);
    const answers = { recordOwnAnswer: jest.fn() } as unknown as RecordAnswer;
    await expect(new OwnSafetyChecks(dataSource, answers).answer(member(), alertId, { safety: 'safe' }, new Date())).resolves.toEqual({ kind: 'not-linked' });
    expect(statements).toEqual([]);
    expect(answers.recordOwnAnswer).not.toHaveBeenCalled();
  });

  it('records nothing for a safety check that did not ask the person, whatever their role or departments', async () => {
    const { dataSource } = databaseAnswering([]);
    const answers = { recordOwnAnswer: jest.fn() } as unknown as RecordAnswer;
    const departmentAdmin: Principal = { ...member(employeeId), role: 'department_admin', departmentIds: ['00000000-0000-4000-8000-000000000004'] };
    await expect(new OwnSafetyChecks(dataSource, answers).answer(departmentAdmin, alertId, { safety: 'safe' }, new Date())).resolves.toEqual({ kind: 'not-a-recipient' });
    expect(answers.recordOwnAnswer).not.toHaveBeenCalled();
  });

  it('records the person’s own answer for the recipient the account is linked to, with no department scope', async () => {
    const { dataSource, statements } = databaseAnswering([{ in_scope: true }]);
    const recorded = { answers: { safety: 'safe' }, revision: 1, firstAnsweredAt: new Date(), answeredAt: new Date() };
    const answers = { recordOwnAnswer: jest.fn(async () => ({ context: openAlert, recorded })) } as unknown as RecordAnswer;
    const departmentAdmin: Principal = { ...member(employeeId), role: 'department_admin', departmentIds: ['00000000-0000-4000-8000-000000000004'] };
    const now = new Date();
    await expect(new OwnSafetyChecks(dataSource, answers).answer(departmentAdmin, alertId, { safety: 'safe' }, now)).resolves.toEqual({ kind: 'recorded', recorded });
    expect(answers.recordOwnAnswer).toHaveBeenCalledWith({ tenantId, alertId, recipientId: employeeId }, { safety: 'safe' }, now);
    // Asked at all, under the tenant's RLS, with no department scope (null): a department admin's subtree does not limit their own answer.
    expect(statements.find(({ sql }) => sql.includes('FROM alert_recipients'))?.parameters).toEqual([alertId, employeeId, null]);
  });

  it.each([
    ['refused answers', { context: openAlert, problems: [{ questionId: 'safety', problem: 'required' as const }] }, { kind: 'refused', problems: [{ questionId: 'safety', problem: 'required' }] }],
    ['a closed alert', { context: { status: 'closed' as const, alert: openAlert.alert } }, { kind: 'closed' }],
    ['an alert not known yet', { context: { status: 'missing' as const } }, { kind: 'alert-missing' }],
  ])('tells %s apart', async (_case, outcome, expected) => {
    const { dataSource } = databaseAnswering([{ in_scope: true }]);
    const answers = { recordOwnAnswer: jest.fn(async () => outcome) } as unknown as RecordAnswer;
    await expect(new OwnSafetyChecks(dataSource, answers).answer(member(employeeId), alertId, {}, new Date())).resolves.toEqual(expected);
  });
});

describe('toMySafetyCheck', () => {
  const row: MySafetyCheckRow = {
    alert_id: alertId,
    title: '震度6強 安否確認',
    message: '回答してください',
    drill: true,
    questions,
    closes_at: new Date('2031-03-11T06:46:00.000Z'),
    answers: null,
    revision: null,
    first_answered_at: null,
    answered_at: null,
  };

  it('shows an unanswered safety check with no answer', () => {
    expect(toMySafetyCheck(row)).toEqual({ alertId, title: '震度6強 安否確認', message: '回答してください', drill: true, closesAt: '2031-03-11T06:46:00.000Z', questions, answer: null });
  });

  it('shows the current answer with its revision and times', () => {
    const answered = { ...row, answers: { safety: 'safe' }, revision: 2, first_answered_at: new Date('2031-03-11T05:50:00.000Z'), answered_at: new Date('2031-03-11T05:55:00.000Z') };
    expect(toMySafetyCheck(answered).answer).toEqual({ answers: { safety: 'safe' }, revision: 2, firstAnsweredAt: '2031-03-11T05:50:00.000Z', answeredAt: '2031-03-11T05:55:00.000Z' });
  });
});
