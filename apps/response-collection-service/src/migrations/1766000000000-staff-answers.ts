import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Answers the crisis team recorded on someone's behalf (issue 6: "logged-in staff can also
 * answer from the console API" — typically after a phone call): which revision of the answer,
 * who recorded it, when. Written in the transaction of the answer itself. RLS as everywhere.
 */
export class StaffAnswers1766000000000 implements MigrationInterface {
  name = 'StaffAnswers1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE staff_answers (
        tenant_id    uuid NOT NULL,
        alert_id     uuid NOT NULL,
        recipient_id uuid NOT NULL,
        revision     int NOT NULL,
        recorded_by  uuid NOT NULL,
        recorded_at  timestamptz NOT NULL,
        PRIMARY KEY (alert_id, recipient_id, revision)
      )`);
    await enableTenantIsolation(queryRunner, 'staff_answers');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE staff_answers');
  }
}
