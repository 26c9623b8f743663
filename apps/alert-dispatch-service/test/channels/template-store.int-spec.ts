import { runInTenantTransaction } from '@anpi/persistence';
import { ScratchDatabase } from '@anpi/testing';
import { DataSource } from 'typeorm';
import { TemplateError, TenantTemplatesStore, createTemplateTables, renderMessage } from '../../src/templates';

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';

describe('per-tenant templates in PostgreSQL', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;
  const store = new TenantTemplatesStore();

  beforeAll(async () => {
    database = await ScratchDatabase.create('anpi_templates');
    dataSource = await database.dataSource().initialize();
    const queryRunner = dataSource.createQueryRunner();
    try {
      await createTemplateTables(queryRunner);
    } finally {
      await queryRunner.release();
    }
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('saves a tenant’s templates and renders recipients’ messages from them', async () => {
    const texts = { subject: '【安否確認】{{companyName}}', body: '{{name}} さん\n{{alertTitle}}\n{{answerUrl}}', shortBody: '{{companyName}}: {{answerUrl}}' };
    await runInTenantTransaction(dataSource, tenantId, (manager) => store.save(manager, tenantId, { ja: texts }));
    const templates = await runInTenantTransaction(dataSource, tenantId, (manager) => store.load(manager, tenantId));
    const message = renderMessage(templates, {
      channel: 'line',
      language: 'ja',
      drill: true,
      reminder: false,
      maxSmsSegments: 3,
      values: { name: '佐藤', answerUrl: 'https://anpi.example/a/t1', alertTitle: '津波警報', alertBody: '', companyName: 'Acme', sentAt: '' },
    });
    expect(message).toEqual({ subject: '【訓練】【安否確認】Acme', body: '【訓練】佐藤 さん\n津波警報\nhttps://anpi.example/a/t1' });
  });

  it('keeps the saved templates when a later save is refused', async () => {
    const refused = runInTenantTransaction(dataSource, tenantId, (manager) => store.save(manager, tenantId, { ja: { subject: 's', body: '{{nmae}} {{answerUrl}}', shortBody: '{{answerUrl}}' } }));
    await expect(refused).rejects.toThrow(TemplateError);
    await expect(refused).rejects.toThrow('ja.body: unknown variable {{nmae}}');
    const templates = await runInTenantTransaction(dataSource, tenantId, (manager) => store.load(manager, tenantId));
    expect(templates.forLanguage('ja').subject.source).toBe('【安否確認】{{companyName}}');
  });
});
