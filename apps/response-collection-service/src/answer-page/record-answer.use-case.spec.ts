import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ResponseMetrics } from '../metrics/response-metrics';
import { RecordAnswer, sameAnswers, toAnswerContext } from './record-answer.use-case';

describe('sameAnswers', () => {
  it('treats the same answers in another key order as a repeat', () => {
    expect(sameAnswers({ safety: 'safe', comment: 'ok' }, { comment: 'ok', safety: 'safe' })).toBe(true);
  });

  it('sees a changed, added or removed answer as a change', () => {
    expect(sameAnswers({ safety: 'safe' }, { safety: 'serious_injury' })).toBe(false);
    expect(sameAnswers({ safety: 'safe' }, { safety: 'safe', comment: 'ok' })).toBe(false);
    expect(sameAnswers({ safety: 'safe', comment: 'ok' }, { safety: 'safe' })).toBe(false);
    expect(sameAnswers({ safety: 'safe', toString: 'x' }, { safety: 'safe', constructor: 'x' })).toBe(false);
  });
});

describe('RecordAnswer after a lost connection', () => {
  const questions = [{ id: 'safety', kind: 'choice' as const, required: true, label: { ja: '安否', en: 'Safety' }, choices: [{ id: 'safe', label: { ja: '無事', en: 'Safe' } }] }];
  const openRow = { title: 't', message: 'm', drill: false, questions, closes_at: new Date(Date.now() + 3_600_000), closed_at: null, opened_at: new Date(), department_scope: [], work_prefecture: null, home_prefecture: null };
  const link = { tenantId: '00000000-0000-4000-8000-000000000001', alertId: '00000000-0000-4000-8000-000000000002', recipientId: '00000000-0000-4000-8000-000000000003' };

  it('decides again from what is stored and records the answer once the write gets through', async () => {
    const statements: string[] = [];
    let writes = 0;
    const dataSource = {
      query: jest.fn(async (sql: string) => {
        statements.push(sql.split('(')[0]);
        if (sql.includes('answer_context')) return [openRow];
        writes += 1;
        if (writes === 1) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
        return [{ item: 0, outcome: 'recorded' }];
      }),
    } as unknown as DataSource;
    const record = new RecordAnswer(dataSource, new ResponseMetrics(new Registry()));

    const result = await record.record(link, { safety: 'safe' }, new Date(), toAnswerContext(openRow, new Date()));

    expect(result.recorded).toMatchObject({ answers: { safety: 'safe' }, revision: 1 });
    // The first decision used the context read with the link; the retry read it again.
    expect(statements).toEqual(['SELECT item, outcome FROM record_answers', 'SELECT * FROM answer_context', 'SELECT item, outcome FROM record_answers']);
  });
});

describe('RecordAnswer.recordOwnAnswer', () => {
  const questions = [{ id: 'safety', kind: 'choice' as const, required: true, label: { ja: '安否', en: 'Safety' }, choices: [{ id: 'safe', label: { ja: '無事', en: 'Safe' } }] }];
  const openRow = { title: 't', message: 'm', drill: false, questions, closes_at: new Date(Date.now() + 3_600_000), closed_at: null, opened_at: new Date(), department_scope: [], work_prefecture: null, home_prefecture: null };
  const link = { tenantId: '00000000-0000-4000-8000-000000000001', alertId: '00000000-0000-4000-8000-000000000002', recipientId: '00000000-0000-4000-8000-000000000003' };

  it('writes the person’s own answer like the page’s, announced as given in the console, with no staff record', async () => {
    const statements: { sql: string; parameters: unknown[] }[] = [];
    const dataSource = {
      query: jest.fn(async (sql: string, parameters: unknown[]) => {
        statements.push({ sql, parameters });
        return sql.includes('answer_context') ? [openRow] : [{ item: 0, outcome: 'recorded' }];
      }),
    } as unknown as DataSource;

    const result = await new RecordAnswer(dataSource, new ResponseMetrics(new Registry())).recordOwnAnswer(link, { safety: 'safe' }, new Date());

    expect(result.recorded).toMatchObject({ answers: { safety: 'safe' }, revision: 1 });
    expect(statements.map(({ sql }) => sql.split('(')[0])).toEqual(['SELECT * FROM answer_context', 'SELECT item, outcome FROM record_answers']);
    const [written] = JSON.parse(statements[1].parameters[3] as string);
    expect(written.envelope).toMatchObject({ type: 'response.received', payload: { recipientId: link.recipientId, via: 'console' } });
    expect(statements.some(({ sql }) => sql.includes('staff_answers'))).toBe(false);
  });
});
