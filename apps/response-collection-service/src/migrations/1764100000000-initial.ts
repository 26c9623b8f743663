import { createMessagingTables, dropMessagingTables } from '@anpi/messaging';
import { createKnownTenantsTable } from '@anpi/tenant-projection';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764100000000 implements MigrationInterface {
  name = 'Initial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await createKnownTenantsTable(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE known_tenants');
    await dropMessagingTables(queryRunner);
  }
}
