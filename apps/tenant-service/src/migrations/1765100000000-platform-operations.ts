import { MigrationInterface, QueryRunner } from 'typeorm';

/** A transaction that asked for a platform scope and is bound to no tenant. */
const platformTransaction = (scopes: string[]) =>
  `current_setting('app.platform_scope', true) IN (${scopes.map((scope) => `'${scope}'`).join(', ')}) AND NULLIF(current_setting('app.tenant_id', true), '') IS NULL`;

/**
 * What platform operators need: listing tenants (and the purge job's schedule) across tenants
 * only from a transaction bound to no tenant (a tenant-bound transaction that also sets the scope still sees only its own
 * row), their own append-only audit log readable only in that scope, installation-wide
 * notices, and operator entries in a tenant's audit log.
 */
export class PlatformOperations1765100000000 implements MigrationInterface {
  name = 'PlatformOperations1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP POLICY platform_tenant_listing ON tenants');
    await queryRunner.query(`CREATE POLICY platform_tenant_listing ON tenants FOR SELECT USING (${platformTransaction(['tenant-listing', 'platform-operator'])})`);
    // The purge job's cross-tenant read of its schedule gets the same rule (it binds a tenant only after reading).
    await queryRunner.query('DROP POLICY purge_scheduler ON employee_purge_schedule');
    await queryRunner.query(`CREATE POLICY purge_scheduler ON employee_purge_schedule USING (${platformTransaction(['employee-purge'])})`);

    await queryRunner.query(`
      CREATE TABLE platform_audit_log (
        id           bigserial PRIMARY KEY,
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        operator_id  uuid NOT NULL,
        ip           inet,
        action       text NOT NULL,
        tenant_id    uuid,
        details      jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query('CREATE INDEX platform_audit_log_recent ON platform_audit_log (id DESC)');
    await queryRunner.query(`
      CREATE FUNCTION platform_audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'platform_audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER platform_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON platform_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION platform_audit_log_is_append_only()`);
    await queryRunner.query('ALTER TABLE platform_audit_log ENABLE ROW LEVEL SECURITY');
    await queryRunner.query('ALTER TABLE platform_audit_log FORCE ROW LEVEL SECURITY');
    const operatorOnly = platformTransaction(['platform-operator']);
    await queryRunner.query(`CREATE POLICY platform_operators_only ON platform_audit_log USING (${operatorOnly}) WITH CHECK (${operatorOnly})`);

    // Installation-wide, written by operators and read by every tenant's administrators: no tenant data in it.
    await queryRunner.query(`
      CREATE TABLE operator_notices (
        id            uuid PRIMARY KEY,
        kind          text NOT NULL CHECK (kind IN ('incident', 'maintenance')),
        title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 5000),
        posted_by     uuid NOT NULL,
        posted_at     timestamptz NOT NULL DEFAULT now(),
        visible_until timestamptz
      )`);
    await queryRunner.query('CREATE INDEX operator_notices_recent ON operator_notices (posted_at DESC)');

    await queryRunner.query('ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check');
    await queryRunner.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('user', 'system', 'operator'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_kind_check');
    await queryRunner.query(`ALTER TABLE audit_log ADD CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('user', 'system'))`);
    await queryRunner.query('DROP TABLE operator_notices');
    await queryRunner.query('DROP TABLE platform_audit_log');
    await queryRunner.query('DROP FUNCTION platform_audit_log_is_append_only');
    await queryRunner.query('DROP POLICY purge_scheduler ON employee_purge_schedule');
    await queryRunner.query(`CREATE POLICY purge_scheduler ON employee_purge_schedule USING (current_setting('app.platform_scope', true) = 'employee-purge')`);
    await queryRunner.query('DROP POLICY platform_tenant_listing ON tenants');
    await queryRunner.query(`CREATE POLICY platform_tenant_listing ON tenants FOR SELECT USING (current_setting('app.platform_scope', true) = 'tenant-listing')`);
  }
}
