import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * LINE accounts that employees link themselves (a code from their answer page, sent to the
 * company's LINE official account; its webhook names the LINE user id). Sealed like every
 * contact point; `line_user_digest` (SHA-256 of the LINE user id) finds the row when LINE says
 * the person blocked the account, and keeps one employee per LINE account. RLS as everywhere.
 */
export class LineLinks1765700000000 implements MigrationInterface {
  name = 'LineLinks1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE line_links (
        tenant_id        uuid NOT NULL,
        recipient_id     uuid NOT NULL,
        line_user_digest text NOT NULL,
        sealed           text NOT NULL,
        linked_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, recipient_id),
        UNIQUE (tenant_id, line_user_digest)
      )`);
    await enableTenantIsolation(queryRunner, 'line_links');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE line_links');
  }
}
