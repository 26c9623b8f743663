import { DataSource } from 'typeorm';

/**
 * Every tenant's id, for installation-wide jobs (key rotation, purge). Row-level security
 * hides tenants from the application role; this transaction asks for the one extra scope
 * the `platform_tenant_listing` policy grants: reading `tenants`, nothing else.
 */
export async function listTenantIds(dataSource: DataSource): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.platform_scope', 'tenant-listing', true)`);
    const rows: { id: string }[] = await manager.query('SELECT id FROM tenants ORDER BY created_at, id');
    return rows.map((row) => row.id);
  });
}
