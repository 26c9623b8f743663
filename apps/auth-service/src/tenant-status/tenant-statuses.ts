import { TenantStatusChangedV1 } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { ForbiddenException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export const tenantSuspended = () =>
  new ForbiddenException({ error: 'tenant_suspended', message: "your company's Anpi service is suspended; contact the Anpi operator" });

/**
 * Whether platform operators suspended a tenant, as learnt from `tenant.status-changed`.
 * A suspended tenant's people cannot sign in or refresh a session; their accounts are kept.
 */
export class TenantStatuses {
  constructor(private readonly dataSource: DataSource) {}

  /** In the consumer's tenant-bound transaction; an older event than the one applied changes nothing. */
  async apply(manager: EntityManager, change: TenantStatusChangedV1): Promise<void> {
    await manager.query(
      `INSERT INTO tenant_statuses AS s (tenant_id, status, changed_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at
       WHERE s.changed_at <= EXCLUDED.changed_at`,
      [change.tenantId, change.status, change.changedAt],
    );
  }

  async isSuspended(tenantId: string): Promise<boolean> {
    const [row]: { status: string }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) => manager.query('SELECT status FROM tenant_statuses'));
    return row?.status === 'suspended';
  }
}
