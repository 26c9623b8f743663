import { createMessagingTables, dropMessagingTables } from '@anpi/messaging';
import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1764100000000 implements MigrationInterface {
  name = 'Initial1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createMessagingTables(queryRunner);
    await queryRunner.query(`
      CREATE TABLE tenants (
        id                            uuid PRIMARY KEY,
        tenant_id                     uuid GENERATED ALWAYS AS (id) STORED,
        slug                          text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        display_name                  text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        default_language              text NOT NULL CHECK (default_language IN ('ja', 'en')),
        time_zone                     text NOT NULL,
        allow_plain_http_answer_links boolean NOT NULL DEFAULT false,
        status                        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_at                    timestamptz NOT NULL DEFAULT now(),
        updated_at                    timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'tenants');
    // Sign-up happens before any tenant exists, so its idempotency record is not tenant-scoped;
    // it holds only a hash of the request, no personal data.
    await queryRunner.query(`
      CREATE TABLE signup_requests (
        idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 8 AND 200),
        request_hash    text NOT NULL,
        tenant_id       uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE signup_requests');
    await queryRunner.query('DROP TABLE tenants');
    await dropMessagingTables(queryRunner);
  }
}
