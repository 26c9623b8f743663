import { EntityManager } from 'typeorm';
import { TemplateError } from './message-template';
import { TenantTemplatesStore } from './tenant-templates.store';

/** Records the SQL it is given; stands in for a tenant-bound transaction. */
function recordingManager(rows: unknown[] = []) {
  const queries: { sql: string; parameters: unknown[] }[] = [];
  const manager = { query: async (sql: string, parameters: unknown[]) => (queries.push({ sql, parameters }), rows) } as unknown as EntityManager;
  return { manager, queries };
}

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';
const texts = { subject: '【安否確認】{{alertTitle}}', body: '{{name}} 様 {{answerUrl}}', shortBody: '回答 {{answerUrl}}' };

describe('TenantTemplatesStore', () => {
  const store = new TenantTemplatesStore();

  it('writes valid templates', async () => {
    const { manager, queries } = recordingManager();
    await store.save(manager, tenantId, { ja: texts });
    expect(queries).toHaveLength(1);
    expect(queries[0].parameters).toEqual([tenantId, JSON.stringify({ ja: texts })]);
  });

  it('refuses an unknown variable before writing, naming it', async () => {
    const { manager, queries } = recordingManager();
    await expect(store.save(manager, tenantId, { ja: { ...texts, body: '{{name}} {{answerUrl}} {{shainBangou}}' } })).rejects.toThrow(
      new TemplateError('ja.body: unknown variable {{shainBangou}}; known variables: name, answerUrl, alertTitle, alertBody, companyName, sentAt'),
    );
    await expect(store.save(manager, tenantId, { ja: { subject: 'x' } })).rejects.toThrow(/^ja\.body: /);
    expect(queries).toHaveLength(0);
  });

  it('loads the stored texts, defaults elsewhere', async () => {
    const { manager } = recordingManager([{ templates: { en: { ...texts, subject: 'Custom {{alertTitle}}' } } }]);
    const templates = await store.load(manager, tenantId);
    expect(templates.forLanguage('en').subject.source).toBe('Custom {{alertTitle}}');
    expect(templates.forLanguage('ja').subject.source).toBe('【安否確認】{{alertTitle}}');
  });
});
