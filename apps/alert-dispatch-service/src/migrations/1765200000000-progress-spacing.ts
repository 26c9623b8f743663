import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When an alert's progress is due next (issue 5, performance). Counting an alert's deliveries
 * reads every one of them: 0.2 s at 100,000 recipients, 1.2–1.7 s at 1,000,000 — every 5 s, that
 * was a third of a PostgreSQL core during the very fan-out it reports on. The reporter now
 * spaces its reports by what the last count cost (docs/architecture.md, "Progress"), so it
 * needs its own "next due" instead of deriving it from the last report.
 */
export class ProgressSpacing1765200000000 implements MigrationInterface {
  name = 'ProgressSpacing1765200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE alert_schedule ADD COLUMN progress_due_at timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE alert_schedule DROP COLUMN progress_due_at');
  }
}
