import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which person of the company's directory an account belongs to (issue 6: staff answer their own
 * safety check from the console). The directory is tenant-service's: the id is not checked
 * against it here, like department_ids. One person has at most one account in a tenant, so
 * "whose answer is this" never has two accounts behind it; the partial unique index leaves any
 * number of accounts unlinked.
 */
export class DirectoryPerson1766100000000 implements MigrationInterface {
  name = 'DirectoryPerson1766100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE accounts ADD COLUMN employee_id uuid');
    await queryRunner.query('CREATE UNIQUE INDEX accounts_employee_id_key ON accounts (tenant_id, employee_id) WHERE employee_id IS NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX accounts_employee_id_key');
    await queryRunner.query('ALTER TABLE accounts DROP COLUMN employee_id');
  }
}
