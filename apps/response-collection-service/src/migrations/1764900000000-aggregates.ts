import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters kept in the same transaction as each answer, so a summary is a few small reads
 * (no scan of the answers) and always exact.
 */
export class Aggregates1764900000000 implements MigrationInterface {
  name = 'Aggregates1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE alert_projections ADD COLUMN opened_at timestamptz`);
    await queryRunner.query(`
      CREATE TABLE alert_totals (
        alert_id   uuid PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        recipients int NOT NULL DEFAULT 0,
        responded  int NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE answer_choice_counts (
        alert_id    uuid NOT NULL,
        tenant_id   uuid NOT NULL,
        question_id text NOT NULL,
        choice_id   text NOT NULL,
        answers     int NOT NULL CHECK (answers >= 0),
        PRIMARY KEY (alert_id, question_id, choice_id)
      )`);
    // First answers per 10-second bucket since the alert opened: the response-rate curve and
    // the median time to answer, without reading the answers themselves.
    await queryRunner.query(`
      CREATE TABLE first_answer_buckets (
        alert_id  uuid NOT NULL,
        tenant_id uuid NOT NULL,
        bucket    int NOT NULL CHECK (bucket >= 0),
        answers   int NOT NULL,
        PRIMARY KEY (alert_id, bucket)
      )`);
    for (const table of ['alert_totals', 'answer_choice_counts', 'first_answer_buckets']) {
      await enableTenantIsolation(queryRunner, table);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['first_answer_buckets', 'answer_choice_counts', 'alert_totals']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('ALTER TABLE alert_projections DROP COLUMN opened_at');
  }
}
