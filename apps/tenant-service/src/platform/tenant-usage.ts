import { bindTenant } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { runInPlatformScope } from '../tenants/tenant-listing';
import { recordPlatformAudit } from './platform-audit';
import type { Operator } from './platform-operator.guard';

export const tenantListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    /** The `nextCursor` of the previous page. */
    cursor: z.uuid().optional(),
    status: z.enum(['active', 'suspended']).optional(),
  })
  .strict();

export type TenantListQuery = z.infer<typeof tenantListQuerySchema>;

/** Counts only: an operator sees how much a tenant uses Anpi, never who its people are. */
export interface TenantUsage {
  activeEmployees: number;
  disabledEmployees: number;
  departments: number;
  groups: number;
  importJobsLast30Days: number;
}

export interface PlatformTenantView {
  id: string;
  slug: string;
  displayName: string;
  status: 'active' | 'suspended';
  createdAt: string;
  usage: TenantUsage;
}

interface TenantRow {
  id: string;
  slug: string;
  display_name: string;
  status: 'active' | 'suspended';
  created_at: Date;
}

interface UsageRow {
  active_employees: number;
  disabled_employees: number;
  departments: number;
  groups: number;
  import_jobs: number;
}

/**
 * Tenants with their usage, for platform operators, in sign-up order. The tenant rows come
 * from one platform-scope transaction; each tenant's counts are then read bound to that
 * tenant, so row-level security still decides what is counted. The listing is audited.
 */
export class TenantUsageListing {
  constructor(private readonly dataSource: DataSource) {}

  async list(operator: Operator, query: TenantListQuery): Promise<{ items: PlatformTenantView[]; nextCursor: string | null }> {
    const rows = await runInPlatformScope(this.dataSource, 'platform-operator', async (manager) => {
      await recordPlatformAudit(manager, operator, 'tenants_listed', null, { status: query.status ?? 'any', cursor: query.cursor ?? null });
      const page: TenantRow[] = await manager.query(
        `SELECT id, slug, display_name, status, created_at FROM tenants
         WHERE ($1::text IS NULL OR status = $1)
           AND ($2::uuid IS NULL OR (created_at, id) > (SELECT created_at, id FROM tenants WHERE id = $2))
         ORDER BY created_at, id LIMIT $3`,
        [query.status ?? null, query.cursor ?? null, query.limit + 1],
      );
      return page;
    });
    const page = rows.slice(0, query.limit);
    const usages = await this.usageOf(page.map((row) => row.id));
    return {
      items: page.map((row) => ({
        id: row.id,
        slug: row.slug,
        displayName: row.display_name,
        status: row.status,
        createdAt: row.created_at.toISOString(),
        usage: usages.get(row.id)!,
      })),
      nextCursor: rows.length > query.limit ? page[page.length - 1].id : null,
    };
  }

  /** One transaction, re-bound to each tenant in turn: counts under each tenant's own policy. */
  private usageOf(tenantIds: string[]): Promise<Map<string, TenantUsage>> {
    return this.dataSource.transaction(async (manager) => {
      const usages = new Map<string, TenantUsage>();
      for (const tenantId of tenantIds) {
        await bindTenant(manager, tenantId);
        const [row]: UsageRow[] = await manager.query(
          `SELECT (SELECT count(*)::int FROM employees WHERE status = 'active') AS active_employees,
                  (SELECT count(*)::int FROM employees WHERE status = 'disabled') AS disabled_employees,
                  (SELECT count(*)::int FROM departments) AS departments,
                  (SELECT count(*)::int FROM groups) AS groups,
                  (SELECT count(*)::int FROM directory_import_jobs WHERE created_at > now() - interval '30 days') AS import_jobs`,
        );
        usages.set(tenantId, {
          activeEmployees: row.active_employees,
          disabledEmployees: row.disabled_employees,
          departments: row.departments,
          groups: row.groups,
          importJobsLast30Days: row.import_jobs,
        });
      }
      return usages;
    });
  }
}
