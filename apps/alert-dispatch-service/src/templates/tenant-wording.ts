import { EntityManager } from 'typeorm';

/** The tenant's display name and link policy, which every message of its alerts carries. */
export async function tenantWording(manager: EntityManager, tenantId: string): Promise<{ companyName: string; allowPlainHttp: boolean }> {
  const [row]: { company_name: string; allow_plain_http: boolean }[] = await manager.query(
    `SELECT coalesce(display_name, '') AS company_name, coalesce(allow_plain_http_answer_links, false) AS allow_plain_http FROM known_tenants WHERE tenant_id = $1`,
    [tenantId],
  );
  return { companyName: row?.company_name ?? '', allowPlainHttp: row?.allow_plain_http ?? false };
}
