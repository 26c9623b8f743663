import { enableTenantIsolation } from '@anpi/persistence';
import { QueryRunner } from 'typeorm';

export async function createKnownTenantsTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE known_tenants (
      tenant_id                     uuid PRIMARY KEY,
      display_name                  text NOT NULL,
      default_language              text NOT NULL CHECK (default_language IN ('ja', 'en')),
      time_zone                     text NOT NULL,
      allow_plain_http_answer_links boolean NOT NULL,
      recorded_at                   timestamptz NOT NULL DEFAULT now()
    )`);
  await enableTenantIsolation(queryRunner, 'known_tenants');
}
