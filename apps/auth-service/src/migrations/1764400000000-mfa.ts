import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** TOTP second factor for owners and admins, its recovery codes, and the per-tenant requirement. */
export class Mfa1764400000000 implements MigrationInterface {
  name = 'Mfa1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The secret is sealed with the personal-data key, bound to its account. last_used_step is
    // the 30-second step of the last accepted code: a code of that step or an earlier one is
    // refused, which stops replay of an observed code within its window (RFC 6238 §5.2).
    await queryRunner.query(`
      CREATE TABLE mfa_credentials (
        account_id         uuid PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
        tenant_id          uuid NOT NULL,
        secret_ciphertext  text NOT NULL,
        confirmed_at       timestamptz,
        last_used_step     bigint,
        created_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'mfa_credentials');

    await queryRunner.query(`
      CREATE TABLE mfa_recovery_codes (
        id          uuid PRIMARY KEY,
        tenant_id   uuid NOT NULL,
        account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        code_hash   text NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (account_id, code_hash)
      )`);
    await enableTenantIsolation(queryRunner, 'mfa_recovery_codes');

    await queryRunner.query(`
      CREATE TABLE tenant_security_settings (
        tenant_id                uuid PRIMARY KEY,
        mfa_required_for_admins  boolean NOT NULL DEFAULT false,
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'tenant_security_settings');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_security_settings');
    await queryRunner.query('DROP TABLE mfa_recovery_codes');
    await queryRunner.query('DROP TABLE mfa_credentials');
  }
}
