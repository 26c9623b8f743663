import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Directory CSV imports as jobs. The uploaded file itself is never stored (it holds contact
 * data in plaintext); a job keeps its progress and its report, which names lines, columns and
 * rules but no cell values.
 */
export class ImportJobs1764700000000 implements MigrationInterface {
  name = 'ImportJobs1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE directory_import_jobs (
        id            uuid PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        kind          text NOT NULL CHECK (kind IN ('employees', 'departments')),
        mode          text NOT NULL CHECK (mode IN ('dry_run', 'apply')),
        status        text NOT NULL CHECK (status IN ('queued', 'validating', 'applying', 'validated', 'applied', 'rejected', 'failed')),
        encoding      text NOT NULL CHECK (encoding IN ('utf-8', 'shift_jis')),
        rows_total    integer NOT NULL CHECK (rows_total >= 0),
        rows_done     integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
        problem_count integer NOT NULL DEFAULT 0,
        report        jsonb NOT NULL DEFAULT '[]',
        summary       jsonb NOT NULL DEFAULT '{}',
        created_by    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        finished_at   timestamptz,
        UNIQUE (tenant_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX directory_import_jobs_recent ON directory_import_jobs (tenant_id, created_at DESC)`);
    await enableTenantIsolation(queryRunner, 'directory_import_jobs');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_import_jobs');
  }
}
