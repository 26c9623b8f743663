import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class DirectoryDepartments1764500000000 implements MigrationInterface {
  name = 'DirectoryDepartments1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each department with its path from the root (from `department.changed`): "department D
    // with its sub-departments" is every department whose path contains D, resolved at
    // send time, so moving a department needs no rewrite of employees.
    await queryRunner.query(`
      CREATE TABLE directory_departments (
        tenant_id     uuid NOT NULL,
        department_id uuid NOT NULL,
        path          uuid[] NOT NULL,
        PRIMARY KEY (tenant_id, department_id)
      )`);
    await queryRunner.query('CREATE INDEX directory_departments_path ON directory_departments USING gin (path)');
    await enableTenantIsolation(queryRunner, 'directory_departments');
    await queryRunner.query(`COMMENT ON COLUMN directory_recipients.contact_ciphertext IS 'sealedContacts of employee.upserted, as received (directory event key ring)'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_departments');
  }
}
