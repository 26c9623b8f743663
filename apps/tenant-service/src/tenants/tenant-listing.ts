import { DataSource, EntityManager } from 'typeorm';

/**
 * The scopes a transaction bound to no tenant may ask for. `tenant-listing`: installation-wide
 * jobs (key rotation) read tenant ids; `platform-operator`: operators read tenants and their
 * own audit log. The policies grant each only to a transaction that has no tenant bound.
 */
export type PlatformScope = 'tenant-listing' | 'platform-operator';

export function runInPlatformScope<T>(dataSource: DataSource, scope: PlatformScope, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.platform_scope', $1, true)`, [scope]);
    return work(manager);
  });
}

/**
 * Every tenant's id, for installation-wide jobs (key rotation, purge). Row-level security
 * hides tenants from the application role; this transaction asks for the one extra scope
 * the `platform_tenant_listing` policy grants: reading `tenants`, nothing else.
 */
export async function listTenantIds(dataSource: DataSource): Promise<string[]> {
  return runInPlatformScope(dataSource, 'tenant-listing', async (manager) => {
    const rows: { id: string }[] = await manager.query('SELECT id FROM tenants ORDER BY created_at, id');
    return rows.map((row) => row.id);
  });
}
