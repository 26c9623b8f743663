import { localServiceEnvironment, ScratchDatabase } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { responseCollectionServiceDatabase } from '../src/database';
import { newAnswerToken } from './support/response-fixture';

/**
 * How `open_answer_links` reads, seen through PostgreSQL's own plans (auto_explain, sent to this
 * client as notices). The statistics are taken while the tables are empty — a new install, or
 * any database whose autovacuum has not caught up with a disaster's first minutes — and then
 * thousands of answers arrive. Each link must still be one primary-key lookup in `answers`:
 * the plain join matched every link against a scan of all the tenant's answers instead, a cost
 * that grew with every answer recorded (docs/benchmarks.md, "Link reads by key").
 *
 * On a scratch database, so that no other test's rows or statistics change the plan; as a role
 * without superuser rights, so that row-level security applies as it does to the service.
 */
describe('open_answer_links plans (scratch database, statistics from before the answers)', () => {
  let database: ScratchDatabase;
  let owner: DataSource;
  const reader = `link_plan_reader_${process.pid}`;
  const env = localServiceEnvironment('response-collection-service');
  const superuser = (database: string) => new Client({ host: env.PGHOST, port: Number(env.PGPORT), user: 'postgres', database });
  const tenantId = randomUUID();
  const alertId = randomUUID();
  const links = Array.from({ length: 20 }, () => ({ ...newAnswerToken(), recipientId: randomUUID() }));

  beforeAll(async () => {
    database = await ScratchDatabase.create('link_plans');
    owner = await new DataSource({ ...database.dataSource().options, migrations: responseCollectionServiceDatabase.migrations } as DataSource['options']).initialize();
    await owner.runMigrations({ transaction: 'each' });
    await owner.query(`CREATE ROLE ${reader} NOLOGIN`);
    await owner.query(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${reader}`);

    await owner.query(`INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at, opened_at) VALUES ($1, $2, 't', 'm', '[]', false, now() + interval '1 hour', now())`, [
      alertId,
      tenantId,
    ]);
    const recipientIds = links.map((link) => link.recipientId);
    await owner.query(
      `INSERT INTO answer_links (token_hash, tenant_id, alert_id, recipient_id, valid_until)
       SELECT hash, $1::uuid, $2::uuid, recipient, now() + interval '1 hour' FROM unnest($3::text[], $4::uuid[]) AS l(hash, recipient)
       UNION ALL SELECT md5(random()::text), $1::uuid, $2::uuid, gen_random_uuid(), now() + interval '1 hour' FROM generate_series(1, 5000)`,
      [tenantId, alertId, links.map((link) => link.tokenHash), recipientIds],
    );
    // Statistics now: the links are there, the answers not yet.
    await owner.query('ANALYZE');
    await owner.query(
      `INSERT INTO answers (alert_id, recipient_id, tenant_id, answers, revision, first_answered_at, answered_at)
       SELECT $1::uuid, recipient, $2::uuid, '{"safety": "safe"}'::jsonb, 1, now(), now()
       FROM (SELECT gen_random_uuid() FROM generate_series(1, 3000) UNION ALL SELECT unnest($3::uuid[])) AS r(recipient)`,
      [alertId, tenantId, recipientIds],
    );
  }, 60_000);

  afterAll(async () => {
    await owner?.query(`DROP OWNED BY ${reader}`).catch(() => undefined);
    await owner?.destroy();
    await database?.drop();
    const cluster = superuser('postgres');
    await cluster.connect();
    await cluster.query(`DROP ROLE IF EXISTS ${reader}`).finally(() => cluster.end());
  });

  it('looks up each link’s answer by primary key, not by scanning the tenant’s answers', async () => {
    const plans: string[] = [];
    const client = superuser(database.name);
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    await client.connect();
    try {
      await client.query(`LOAD 'auto_explain'`);
      await client.query(`SET auto_explain.log_min_duration = 0; SET auto_explain.log_nested_statements = on; SET auto_explain.log_analyze = on; SET auto_explain.log_level = 'notice'`);
      await client.query(`SET ROLE ${reader}`);
      const { rows } = await client.query('SELECT token_hash, answers FROM open_answer_links($1::text[], now())', [links.map((link) => link.tokenHash)]);

      expect(rows).toHaveLength(links.length);
      expect(rows.every((row) => row.answers?.safety === 'safe')).toBe(true);
      const contextRead = plans.find((plan) => plan.includes('FROM answer_links l') && plan.includes('LEFT JOIN')) ?? '';
      // One row fetched per link from the primary key; a scan shows up as more rows than links.
      expect(contextRead).toMatch(/Index Scan using answers_pkey on answers a.*rows=1 loops=20\)\n\s*Index Cond: \(\(alert_id = l\.alert_id\) AND \(recipient_id = l\.recipient_id\)\)/);
      expect(contextRead).not.toMatch(/Rows Removed by (Join )?Filter/);
    } finally {
      await client.end();
    }
  });
});
