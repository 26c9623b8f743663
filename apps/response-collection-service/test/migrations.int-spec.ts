import { buildDataSourceOptions } from '@anpi/persistence';
import { localServiceEnvironment, ScratchDatabase, undoMigrationsThrough } from '@anpi/testing';
import { loadConfig } from '@anpi/config';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { responseCollectionServiceConfigSchema } from '../src/config';
import { responseCollectionServiceDatabase } from '../src/database';

/**
 * The migrations on a scratch database: up, down (the recipient's language dropped, the batched
 * writer replaced by the one-answer writer, contact attempts dropped, answer functions dropped,
 * shards folded back), up again; and every tenant-owned table isolated by RLS.
 */
describe('response-collection migrations (scratch database)', () => {
  let database: ScratchDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await ScratchDatabase.create('responses_migrations');
    const config = loadConfig(responseCollectionServiceConfigSchema, localServiceEnvironment('response-collection-service', { DB_NAME: database.name }));
    const options = buildDataSourceOptions(config, responseCollectionServiceDatabase, 'migration') as PostgresConnectionOptions;
    dataSource = await new DataSource({ ...options, username: 'postgres', password: undefined }).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('folds sharded counters back into one row per counter when rolled back, and shards them again', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const alertId = randomUUID();
    const tenantId = randomUUID();
    await dataSource.query('INSERT INTO alert_totals (alert_id, shard, tenant_id, recipients, responded) VALUES ($1, 0, $2, 10, 2), ($1, 7, $2, 0, 3)', [alertId, tenantId]);
    await dataSource.query(
      `INSERT INTO answer_choice_counts (alert_id, shard, tenant_id, question_id, choice_id, answers) VALUES ($1, 1, $2, 'safety', 'safe', 2), ($1, 9, $2, 'safety', 'safe', 3)`,
      [alertId, tenantId],
    );
    await dataSource.query('INSERT INTO first_answer_buckets (alert_id, shard, tenant_id, bucket, answers) VALUES ($1, 3, $2, 0, 4), ($1, 4, $2, 0, 1)', [alertId, tenantId]);

    const linkReadDefinition = "SELECT pg_get_functiondef('open_answer_links(text[], timestamptz)'::regprocedure) AS definition";
    const languageColumns = "SELECT table_name FROM information_schema.columns WHERE column_name = 'language' AND table_schema = 'public' ORDER BY 1";
    expect(await dataSource.query(languageColumns)).toEqual([{ table_name: 'alert_recipients' }, { table_name: 'directory_employees' }]);
    expect((await dataSource.query(linkReadDefinition))[0].definition).toContain('recipient_language');
    await undoMigrationsThrough(dataSource, 'AnswerPageLocale1765900000000'); // the recipient's language (and the answers by staff after it)
    await expect(dataSource.query("SELECT 1 FROM pg_tables WHERE tablename = 'staff_answers'")).resolves.toEqual([]);
    expect(await dataSource.query(languageColumns)).toEqual([]);
    expect((await dataSource.query(linkReadDefinition))[0].definition).not.toContain('recipient_language');
    expect((await dataSource.query(linkReadDefinition))[0].definition).toContain('LEFT JOIN LATERAL');
    await dataSource.undoLastMigration({ transaction: 'each' }); // link reads by key
    expect((await dataSource.query(linkReadDefinition))[0].definition).not.toContain('LATERAL');
    await dataSource.undoLastMigration({ transaction: 'each' }); // batched link reads
    expect(await dataSource.query("SELECT proname FROM pg_proc WHERE proname IN ('open_answer_link', 'open_answer_links')")).toEqual([{ proname: 'open_answer_link' }]);
    await dataSource.undoLastMigration({ transaction: 'each' }); // batched answer writes
    expect(await dataSource.query("SELECT proname FROM pg_proc WHERE proname IN ('record_answer', 'record_answers')")).toEqual([{ proname: 'record_answer' }]);
    await dataSource.undoLastMigration({ transaction: 'each' }); // contact attempts
    await expect(dataSource.query("SELECT 1 FROM pg_tables WHERE tablename = 'contact_attempts'")).resolves.toEqual([]);
    await dataSource.undoLastMigration({ transaction: 'each' }); // the one-round-trip answer functions
    await expect(dataSource.query("SELECT 1 FROM pg_proc WHERE proname IN ('record_answer', 'answer_context', 'open_answer_link')")).resolves.toEqual([]);
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await dataSource.query('SELECT recipients, responded FROM alert_totals WHERE alert_id = $1', [alertId])).toEqual([{ recipients: 10, responded: 5 }]);
    expect(await dataSource.query('SELECT answers FROM answer_choice_counts WHERE alert_id = $1', [alertId])).toEqual([{ answers: 5 }]);
    expect(await dataSource.query('SELECT answers FROM first_answer_buckets WHERE alert_id = $1', [alertId])).toEqual([{ answers: 5 }]);
    await expect(dataSource.query("SELECT 1 FROM pg_tables WHERE tablename = 'board_posts'")).resolves.toEqual([]);

    await dataSource.runMigrations({ transaction: 'each' });
    expect(await dataSource.query('SELECT shard, responded FROM alert_totals WHERE alert_id = $1', [alertId])).toEqual([{ shard: 0, responded: 5 }]);
    expect(await dataSource.query("SELECT proname, prosecdef FROM pg_proc WHERE proname IN ('record_answer', 'record_answers', 'answer_context', 'open_answer_link', 'open_answer_links') ORDER BY proname")).toEqual([
      { proname: 'answer_context', prosecdef: false },
      { proname: 'open_answer_links', prosecdef: false },
      { proname: 'record_answers', prosecdef: false },
    ]);
  });

  it('isolates every table with a tenant_id by forced row-level security, contact attempts included', async () => {
    await dataSource.runMigrations({ transaction: 'each' });
    const tables: { table: string; enabled: boolean; forced: boolean; policies: string[] }[] = await dataSource.query(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              ARRAY(SELECT p.polname::text FROM pg_policy p WHERE p.polrelid = c.oid ORDER BY 1) AS policies
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r'
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
       ORDER BY 1`,
    );
    // answer_links is looked up before the tenant is known: the token is the credential, and it
    // holds hashes and ids only (docs/architecture.md).
    const unscoped = ['answer_links'];
    expect(tables.map((row) => row.table)).toContain('contact_attempts');
    expect(tables.filter((row) => !unscoped.includes(row.table)).filter((row) => !row.enabled || !row.forced || !row.policies.includes('tenant_isolation'))).toEqual([]);
  });
});
