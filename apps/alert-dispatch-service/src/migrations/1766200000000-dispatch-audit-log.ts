import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who sent, closed or re-sent a safety check and who changed the company's dispatch settings
 * (channel providers, question set, templates, disaster rules), when and from where. Ids,
 * counts and field names only: no titles, messages, names or credentials. Append-only for
 * every role, the table owner included (triggers, not grants, so no role name is assumed);
 * the application role gets its privileges from the owner's default privileges, like every
 * other dispatch table.
 */
export class DispatchAuditLog1766200000000 implements MigrationInterface {
  name = 'DispatchAuditLog1766200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dispatch_audit_log (
        id           bigserial PRIMARY KEY,
        tenant_id    uuid NOT NULL,
        actor_kind   text NOT NULL CHECK (actor_kind IN ('user', 'system', 'service')),
        actor_id     text NOT NULL,
        actor_role   text,
        ip           inet,
        action       text NOT NULL,
        target_type  text NOT NULL,
        target_id    text,
        details      jsonb NOT NULL DEFAULT '{}',
        occurred_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX dispatch_audit_log_by_tenant ON dispatch_audit_log (tenant_id, id DESC)');
    await queryRunner.query(`
      CREATE FUNCTION dispatch_audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'dispatch_audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER dispatch_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON dispatch_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION dispatch_audit_log_is_append_only()`);
    await enableTenantIsolation(queryRunner, 'dispatch_audit_log');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE dispatch_audit_log');
    await queryRunner.query('DROP FUNCTION dispatch_audit_log_is_append_only()');
  }
}
