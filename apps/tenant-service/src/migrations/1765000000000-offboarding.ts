import { bindTenant, enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Off-boarding: the purge scheduler's question — which disabled employees, of any tenant,
 * are waiting for their personal data to be erased — answered by a table of ids and a
 * timestamp that the scheduler may read across tenants under its own scope. A trigger keeps it in
 * step with `employees`, so every way of disabling (console PATCH, CSV import, creating an
 * inactive employee) starts the purge clock and every re-enable stops it.
 */
export class Offboarding1765000000000 implements MigrationInterface {
  name = 'Offboarding1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE employee_purge_schedule (
        employee_id uuid PRIMARY KEY,
        tenant_id   uuid NOT NULL,
        disabled_at timestamptz NOT NULL,
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX employee_purge_schedule_due ON employee_purge_schedule (disabled_at)');
    // Tenant-bound transactions (the trigger below) see their own rows; only a transaction that
    // asks for the purge scope explicitly sees every tenant's — ids and a timestamp, nothing else.
    await enableTenantIsolation(queryRunner, 'employee_purge_schedule');
    await queryRunner.query(
      `CREATE POLICY purge_scheduler ON employee_purge_schedule USING (current_setting('app.platform_scope', true) = 'employee-purge')`,
    );
    await queryRunner.query(`
      CREATE FUNCTION employee_purge_schedule_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status = 'disabled' AND NEW.purged_at IS NULL THEN
          INSERT INTO employee_purge_schedule (employee_id, tenant_id, disabled_at) VALUES (NEW.id, NEW.tenant_id, NEW.disabled_at)
          ON CONFLICT (employee_id) DO UPDATE SET disabled_at = EXCLUDED.disabled_at;
        ELSE
          DELETE FROM employee_purge_schedule WHERE employee_id = NEW.id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER employees_purge_schedule AFTER INSERT OR UPDATE OF status, disabled_at, purged_at ON employees
      FOR EACH ROW EXECUTE FUNCTION employee_purge_schedule_follow()`);
    // A purged employee is a tombstone: bringing it back would announce a recipient with no one behind it.
    await queryRunner.query(`ALTER TABLE employees ADD CONSTRAINT employees_purged_stay_disabled CHECK (purged_at IS NULL OR status = 'disabled')`);
    await this.scheduleAlreadyDisabled(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE employees DROP CONSTRAINT employees_purged_stay_disabled');
    await queryRunner.query('DROP TRIGGER employees_purge_schedule ON employees');
    await queryRunner.query('DROP FUNCTION employee_purge_schedule_follow()');
    await queryRunner.query('DROP TABLE employee_purge_schedule');
  }

  /** Employees disabled before this migration start their clock at their original disable time. */
  private async scheduleAlreadyDisabled(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT set_config('app.platform_scope', 'tenant-listing', true)`);
    const tenants: { id: string }[] = await queryRunner.query('SELECT id FROM tenants');
    await queryRunner.query(`SELECT set_config('app.platform_scope', '', true)`);
    for (const tenant of tenants) {
      await bindTenant(queryRunner.manager, tenant.id);
      await queryRunner.query(
        `INSERT INTO employee_purge_schedule (employee_id, tenant_id, disabled_at)
         SELECT id, tenant_id, disabled_at FROM employees WHERE status = 'disabled' AND purged_at IS NULL
         ON CONFLICT (employee_id) DO NOTHING`,
      );
    }
  }
}
