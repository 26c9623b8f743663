import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Passwords, e-mailed single-use tokens, refresh tokens, login throttling, audit log. */
export class Credentials1764300000000 implements MigrationInterface {
  name = 'Credentials1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A login names its tenant by slug before any tenant can be bound, so this map has no
    // row-level security; it holds nothing that is not already in the login URL.
    await queryRunner.query(`
      CREATE TABLE login_tenants (
        slug       text PRIMARY KEY,
        tenant_id  uuid NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      ALTER TABLE accounts
        ADD COLUMN password_hash  text,
        ADD COLUMN department_ids uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN disabled_at    timestamptz,
        ADD COLUMN delete_after   timestamptz`);
    await queryRunner.query(`CREATE INDEX accounts_delete_after ON accounts (delete_after) WHERE delete_after IS NOT NULL`);

    await queryRunner.query(`
      CREATE TABLE account_tokens (
        id          uuid PRIMARY KEY,
        tenant_id   uuid NOT NULL,
        account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        purpose     text NOT NULL CHECK (purpose IN ('activation', 'password_reset')),
        token_hash  text NOT NULL UNIQUE,
        expires_at  timestamptz NOT NULL,
        used_at     timestamptz,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'account_tokens');

    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        id           uuid PRIMARY KEY,
        tenant_id    uuid NOT NULL,
        account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        family_id    uuid NOT NULL,
        token_hash   text NOT NULL UNIQUE,
        expires_at   timestamptz NOT NULL,
        rotated_at   timestamptz,
        revoked_at   timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_account ON refresh_tokens (account_id)`);
    await enableTenantIsolation(queryRunner, 'refresh_tokens');

    // Keyed by HMACs of (tenant, e-mail) and of the client address: throttling works across
    // replicas and across tenants (one address spraying many tenants) without storing either.
    await queryRunner.query(`
      CREATE TABLE login_throttles (
        subject          text PRIMARY KEY,
        failures         integer NOT NULL,
        locked_until     timestamptz,
        last_failure_at  timestamptz NOT NULL
      )`);

    // Mails leave after the transaction that decided them commits, like events (outbox): a
    // slow or absent SMTP server never fails a sign-up. Recipient and body (which holds a
    // single-use link) are encrypted; a row is deleted once sent.
    await queryRunner.query(`
      CREATE TABLE outgoing_mails (
        id               uuid PRIMARY KEY,
        envelope_cipher  text NOT NULL,
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX outgoing_mails_due ON outgoing_mails (next_attempt_at)`);

    await queryRunner.query(`
      CREATE TABLE auth_audit_log (
        id                bigserial PRIMARY KEY,
        tenant_id         uuid NOT NULL,
        account_id        uuid NOT NULL,
        actor_account_id  uuid,
        action            text NOT NULL,
        details           jsonb NOT NULL DEFAULT '{}',
        occurred_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX auth_audit_log_account ON auth_audit_log (tenant_id, account_id)`);
    await enableTenantIsolation(queryRunner, 'auth_audit_log');
    // Append-only whatever role connects: a trigger, not a grant, so no role name is assumed.
    await queryRunner.query(`
      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'auth_audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER auth_audit_log_append_only BEFORE UPDATE OR DELETE ON auth_audit_log
      FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
    await queryRunner.query(`
      CREATE TRIGGER auth_audit_log_no_truncate BEFORE TRUNCATE ON auth_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_change()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE auth_audit_log');
    await queryRunner.query('DROP FUNCTION refuse_audit_change');
    await queryRunner.query('DROP TABLE outgoing_mails');
    await queryRunner.query('DROP TABLE login_throttles');
    await queryRunner.query('DROP TABLE refresh_tokens');
    await queryRunner.query('DROP TABLE account_tokens');
    await queryRunner.query('ALTER TABLE accounts DROP COLUMN password_hash, DROP COLUMN department_ids, DROP COLUMN disabled_at, DROP COLUMN delete_after');
    await queryRunner.query('DROP TABLE login_tenants');
  }
}
