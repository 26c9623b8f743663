import { EntityManager } from 'typeorm';
import { QuestionSet, defaultQuestionSet } from '../alerts/question-set';
import { TenantQuestionSetStore, questionSetView } from './tenant-question-set.store';

/** Records the SQL it is given; stands in for a tenant-bound transaction. */
function recordingManager(rows: unknown[] = []) {
  const queries: { sql: string; parameters: unknown[] }[] = [];
  const manager = { query: async (sql: string, parameters: unknown[]) => (queries.push({ sql, parameters }), rows) } as unknown as EntityManager;
  return { manager, queries };
}

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const ownSet: QuestionSet = [{ id: 'office', kind: 'text', label: { ja: '出社先', en: 'Office' }, required: false, maxLength: 100 }];

describe('TenantQuestionSetStore', () => {
  const store = new TenantQuestionSetStore();

  it('writes the set with who saved it', async () => {
    const { manager, queries } = recordingManager();
    await store.save(manager, tenantId, ownSet, 'user-1');
    expect(queries).toEqual([{ sql: expect.stringMatching(/INSERT INTO tenant_question_sets .* ON CONFLICT \(tenant_id\) DO UPDATE/s), parameters: [tenantId, JSON.stringify(ownSet), 'user-1'] }]);
  });

  it("gives alerts the tenant's own set when it has one, the defaults otherwise", async () => {
    expect(await store.questionsFor(recordingManager([{ questions: ownSet }]).manager, tenantId)).toEqual(ownSet);
    expect(await store.questionsFor(recordingManager([]).manager, tenantId)).toBe(defaultQuestionSet);
  });

  it('goes back to the defaults by deleting the row', async () => {
    const { manager, queries } = recordingManager();
    await store.remove(manager, tenantId);
    expect(queries).toEqual([{ sql: 'DELETE FROM tenant_question_sets WHERE tenant_id = $1', parameters: [tenantId] }]);
  });
});

describe('questionSetView', () => {
  it('shows the own set as own, with the defaults alongside', () => {
    expect(questionSetView(ownSet)).toEqual({ questions: ownSet, own: true, defaults: defaultQuestionSet });
  });

  it('shows the defaults as not own when the tenant has none', () => {
    expect(questionSetView(undefined)).toEqual({ questions: defaultQuestionSet, own: false, defaults: defaultQuestionSet });
  });
});
