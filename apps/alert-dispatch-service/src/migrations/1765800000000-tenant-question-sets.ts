import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A company's own question set (Issue 5 §1: "tenants may add questions"): one row per tenant,
 * asked by every alert created without explicit questions. `updated_by` (the user who saved it)
 * and `updated_at` say who changed what alerts ask, and when. No row: Anpi's defaults. RLS as
 * `message_templates`.
 */
export class TenantQuestionSets1765800000000 implements MigrationInterface {
  name = 'TenantQuestionSets1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tenant_question_sets (
        tenant_id  uuid PRIMARY KEY,
        questions  jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'tenant_question_sets');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_question_sets');
  }
}
