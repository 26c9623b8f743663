import { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** The session setting the policies read. Set per transaction only (SET LOCAL semantics). */
export const TENANT_SETTING = 'app.tenant_id';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction whose rows are limited, by PostgreSQL itself, to one tenant.
 * The tenant id must come from a verified token or a validated event — never from a body.
 */
export async function runInTenantTransaction<T>(
  dataSource: DataSource,
  tenantId: string,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  if (!uuidPattern.test(tenantId)) {
    throw new Error('runInTenantTransaction: tenantId must be a UUID');
  }
  return dataSource.transaction(async (manager) => {
    await bindTenant(manager, tenantId);
    return work(manager);
  });
}

/** Binds an already-open transaction to a tenant (for handlers that receive a manager). */
export async function bindTenant(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query('SELECT set_config($1, $2, true)', [TENANT_SETTING, tenantId]);
}

/**
 * Migration helper: turns on row-level security for a tenant-owned table. FORCE makes it
 * apply to the table owner too; the policy compares with the per-transaction setting and,
 * when none is set, matches nothing (current_setting(..., true) is NULL).
 */
export async function enableTenantIsolation(queryRunner: QueryRunner, table: string): Promise<void> {
  const policy = `tenant_id = NULLIF(current_setting('${TENANT_SETTING}', true), '')::uuid`;
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(`CREATE POLICY tenant_isolation ON ${table} USING (${policy}) WITH CHECK (${policy})`);
}
