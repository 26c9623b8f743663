import { createMessagingTables, dropMessagingTables } from '@anpi/messaging';
import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764100000000 implements MigrationInterface {
  name = 'Initial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    // E-mail and name are stored encrypted; email_lookup is a keyed HMAC for exact-match login.
    await queryRunner.query(`
      CREATE TABLE accounts (
        id                      uuid PRIMARY KEY,
        tenant_id               uuid NOT NULL,
        role                    text NOT NULL CHECK (role IN ('owner', 'admin', 'department_admin', 'member')),
        status                  text NOT NULL CHECK (status IN ('pending_activation', 'active', 'disabled')),
        email_lookup            text NOT NULL,
        email_ciphertext        text NOT NULL,
        display_name_ciphertext text NOT NULL,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, email_lookup)
      )`);
    await enableTenantIsolation(queryRunner, 'accounts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE accounts');
    await dropMessagingTables(queryRunner);
  }
}
