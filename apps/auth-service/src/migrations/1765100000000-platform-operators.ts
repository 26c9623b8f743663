import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform operators: the staff who run an Anpi installation, and what they decide about a
 * tenant (suspension) as far as sign-in is concerned. They belong to no tenant, so
 * these tables carry no tenant_id and no tenant policy; they hold no tenant data either.
 * E-mail and TOTP secret are sealed like tenant accounts' (PII keys), found by blind index.
 */
export class PlatformOperators1765100000000 implements MigrationInterface {
  name = 'PlatformOperators1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE platform_operators (
        id                     uuid PRIMARY KEY,
        email_lookup           text NOT NULL UNIQUE,
        email_ciphertext       text NOT NULL,
        display_name           text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
        password_hash          text NOT NULL,
        totp_secret_ciphertext text NOT NULL,
        last_used_step         bigint,
        status                 text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);
    // Every operator sign-in, refusal and bootstrap; append-only for every role, like auth_audit_log.
    await queryRunner.query(`
      CREATE TABLE platform_operator_audit_log (
        id           bigserial PRIMARY KEY,
        operator_id  uuid,
        action       text NOT NULL,
        ip           inet,
        details      jsonb NOT NULL DEFAULT '{}',
        occurred_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION refuse_platform_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'platform_operator_audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER platform_operator_audit_log_append_only BEFORE UPDATE OR DELETE ON platform_operator_audit_log
      FOR EACH ROW EXECUTE FUNCTION refuse_platform_audit_change()`);
    await queryRunner.query(`
      CREATE TRIGGER platform_operator_audit_log_no_truncate BEFORE TRUNCATE ON platform_operator_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_platform_audit_change()`);

    // What operators decided about a tenant (tenant.status-changed); no row means active.
    await queryRunner.query(`
      CREATE TABLE tenant_statuses (
        tenant_id  uuid PRIMARY KEY,
        status     text NOT NULL CHECK (status IN ('active', 'suspended')),
        changed_at timestamptz NOT NULL
      )`);
    await enableTenantIsolation(queryRunner, 'tenant_statuses');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_statuses');
    await queryRunner.query('DROP TABLE platform_operator_audit_log');
    await queryRunner.query('DROP FUNCTION refuse_platform_audit_change');
    await queryRunner.query('DROP TABLE platform_operators');
  }
}
