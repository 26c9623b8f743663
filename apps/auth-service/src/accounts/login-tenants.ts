import { DataSource, EntityManager } from 'typeorm';

/** slug → tenant, learnt from `tenant.created`; what a login form names its company by. */
export class LoginTenants {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, slug: string, tenantId: string): Promise<void> {
    await manager.query('INSERT INTO login_tenants (slug, tenant_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [slug, tenantId]);
  }

  async idOfSlug(slug: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query('SELECT tenant_id FROM login_tenants WHERE slug = $1', [slug]);
    return row?.tenant_id;
  }

  async allTenantIds(): Promise<string[]> {
    const rows: { tenant_id: string }[] = await this.dataSource.query('SELECT tenant_id FROM login_tenants ORDER BY tenant_id');
    return rows.map((row) => row.tenant_id);
  }
}
