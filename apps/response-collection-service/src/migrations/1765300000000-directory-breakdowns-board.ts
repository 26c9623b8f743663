import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * This service's own copy of the directory (departments and prefectures, never contact data),
 * each alert's recipients as they were when the alert went out, counters per department and
 * prefecture, and the message board.
 */
const shardedCounters = [
  ['alert_totals', ''],
  ['answer_choice_counts', ', question_id, choice_id'],
  ['first_answer_buckets', ', bucket'],
] as const;

export class DirectoryBreakdownsBoard1765300000000 implements MigrationInterface {
  name = 'DirectoryBreakdownsBoard1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Counters split over shards (see COUNTER_SHARDS in aggregates/answer-counters.ts): one row
    // per counter serialised every answer of an alert behind the previous one's commit.
    for (const [table, key] of shardedCounters) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN shard smallint NOT NULL DEFAULT 0`);
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey, ADD PRIMARY KEY (alert_id, shard${key})`);
    }
    // A changed answer now arrives as a -1 row in the same upsert as the +1 rows (one ordered
    // statement); the CHECK would refuse that row before the conflict turns it into an update.
    await queryRunner.query('ALTER TABLE answer_choice_counts DROP CONSTRAINT answer_choice_counts_answers_check');
    await queryRunner.query(`
      CREATE TABLE directory_employees (
        tenant_id       uuid NOT NULL,
        employee_id     uuid NOT NULL,
        employee_number text NOT NULL,
        department_ids  uuid[] NOT NULL,
        work_prefecture text NOT NULL,
        home_prefecture text,
        updated_at      timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE directory_departments (
        tenant_id     uuid NOT NULL,
        department_id uuid NOT NULL,
        parent_id     uuid,
        path          uuid[] NOT NULL,
        name          text NOT NULL,
        PRIMARY KEY (tenant_id, department_id)
      )`);
    // A snapshot taken when the links were issued: counts by department stay consistent even
    // if someone changes department while the alert is open. department_scope holds every
    // department the recipient counts under (their own and all ancestors: the roll-up).
    await queryRunner.query(`
      CREATE TABLE alert_recipients (
        alert_id         uuid NOT NULL,
        recipient_id     uuid NOT NULL,
        tenant_id        uuid NOT NULL,
        employee_number  text,
        department_ids   uuid[] NOT NULL,
        department_scope uuid[] NOT NULL,
        work_prefecture  text,
        home_prefecture  text,
        PRIMARY KEY (alert_id, recipient_id)
      )`);
    await queryRunner.query('CREATE INDEX alert_recipients_by_scope ON alert_recipients USING gin (department_scope)');
    await queryRunner.query(`
      CREATE TABLE breakdown_totals (
        alert_id   uuid NOT NULL,
        shard      smallint NOT NULL,
        tenant_id  uuid NOT NULL,
        dimension  text NOT NULL CHECK (dimension IN ('department', 'work_prefecture', 'home_prefecture')),
        key        text NOT NULL,
        recipients int NOT NULL DEFAULT 0,
        responded  int NOT NULL DEFAULT 0,
        PRIMARY KEY (alert_id, shard, dimension, key)
      )`);
    await queryRunner.query(`
      CREATE TABLE breakdown_choice_counts (
        alert_id    uuid NOT NULL,
        shard       smallint NOT NULL,
        tenant_id   uuid NOT NULL,
        dimension   text NOT NULL,
        key         text NOT NULL,
        question_id text NOT NULL,
        choice_id   text NOT NULL,
        -- No CHECK (answers >= 0): a decrement arrives as a -1 row in the same ordered upsert
        -- as the increments, and it always meets the row its earlier +1 created.
        answers     int NOT NULL,
        PRIMARY KEY (alert_id, shard, dimension, key, question_id, choice_id)
      )`);
    // The transaction that last wrote an answer: the gRPC stream reads answers in commit-safe
    // windows (below the oldest running transaction), so none is skipped.
    await queryRunner.query('ALTER TABLE answers ADD COLUMN changed_in xid8 NOT NULL DEFAULT pg_current_xact_id()');
    await queryRunner.query('CREATE INDEX answers_by_change ON answers (alert_id, changed_in)');
    await queryRunner.query(`
      CREATE TABLE board_posts (
        post_id    uuid PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        alert_id   uuid NOT NULL,
        author     text NOT NULL CHECK (author IN ('crisis-team', 'recipient')),
        author_id  uuid NOT NULL,
        body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 1000),
        created_at timestamptz NOT NULL DEFAULT now(),
        hidden_at  timestamptz,
        hidden_by  uuid
      )`);
    await queryRunner.query('CREATE INDEX board_posts_by_alert ON board_posts (alert_id, created_at)');
    await queryRunner.query('CREATE INDEX board_posts_by_author ON board_posts (author_id, created_at)');
    for (const table of ['directory_employees', 'directory_departments', 'alert_recipients', 'breakdown_totals', 'breakdown_choice_counts', 'board_posts']) {
      await enableTenantIsolation(queryRunner, table);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['board_posts', 'breakdown_choice_counts', 'breakdown_totals', 'alert_recipients', 'directory_departments', 'directory_employees']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('DROP INDEX answers_by_change');
    await queryRunner.query('ALTER TABLE answers DROP COLUMN changed_in');
    await queryRunner.query('ALTER TABLE answer_choice_counts ADD CONSTRAINT answer_choice_counts_answers_check CHECK (answers >= 0)');
    // Shards are folded back into one row per counter before the column goes.
    for (const [table, key] of shardedCounters) {
      const keyColumns = key.replace(/^, /, '');
      const counts = table === 'alert_totals' ? ['recipients', 'responded'] : ['answers'];
      const groupBy = ['alert_id', 'tenant_id', ...(keyColumns ? keyColumns.split(', ') : [])].join(', ');
      await queryRunner.query(`CREATE TEMP TABLE folded AS SELECT ${groupBy}, ${counts.map((count) => `sum(${count})::int AS ${count}`).join(', ')} FROM ${table} GROUP BY ${groupBy}`);
      await queryRunner.query(`DELETE FROM ${table}`);
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_pkey`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN shard`);
      await queryRunner.query(`INSERT INTO ${table} (${groupBy}, ${counts.join(', ')}) SELECT ${groupBy}, ${counts.join(', ')} FROM folded`);
      await queryRunner.query(`ALTER TABLE ${table} ADD PRIMARY KEY (${['alert_id', ...(keyColumns ? keyColumns.split(', ') : [])].join(', ')})`);
      await queryRunner.query('DROP TABLE folded');
    }
  }
}
