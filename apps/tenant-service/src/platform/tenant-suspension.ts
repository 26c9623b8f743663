import { appendToOutbox } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import { NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { recordAudit } from '../audit/audit-trail';
import { runInPlatformScope } from '../tenants/tenant-listing';
import { recordPlatformAudit } from './platform-audit';
import type { Operator } from './platform-operator.guard';

export const statusChangeSchema = z
  .object({
    /** Why, in the operator's words; shown in the platform audit log and the tenant's own. */
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

export type StatusChange = z.infer<typeof statusChangeSchema>;

export type TenantStatus = 'active' | 'suspended';

export interface TenantStatusView {
  id: string;
  status: TenantStatus;
  changed: boolean;
}

const actionFor = { suspended: 'tenant_suspended', active: 'tenant_resumed' } as const;

/**
 * Suspends or resumes a tenant. One transaction: the platform audit entry (written first,
 * while no tenant is bound), then — bound to the tenant — the status, an entry in the
 * tenant's own audit log and `tenant.status-changed` for the other services. Setting the
 * status it already has changes nothing and emits nothing, but is still audited.
 */
export class TenantSuspension {
  constructor(private readonly dataSource: DataSource) {}

  change(operator: Operator, tenantId: string, status: TenantStatus, command: StatusChange): Promise<TenantStatusView> {
    return runInPlatformScope(this.dataSource, 'platform-operator', async (manager) => {
      const [tenant]: { status: TenantStatus }[] = await manager.query('SELECT status FROM tenants WHERE id = $1', [tenantId]);
      if (!tenant) throw new NotFoundException('tenant not found');
      await recordPlatformAudit(manager, operator, actionFor[status], tenantId, { reason: command.reason, previousStatus: tenant.status });
      await bindTenant(manager, tenantId);
      // The WHERE makes a concurrent change of the same tenant count once.
      const [, changedRows]: [unknown[], number] = await manager.query('UPDATE tenants SET status = $2, updated_at = now() WHERE id = $1 AND status <> $2', [tenantId, status]);
      if (changedRows === 0) return { id: tenantId, status, changed: false };
      await recordAudit(manager, tenantId, { kind: 'operator', operatorId: operator.operatorId, ip: operator.ip }, [
        { action: actionFor[status], targetType: 'tenant', targetId: tenantId, details: { reason: command.reason } },
      ]);
      await appendToOutbox(manager, [
        { type: 'tenant.status-changed', version: 1, tenantId, payload: { tenantId, status, changedAt: new Date().toISOString() } },
      ]);
      return { id: tenantId, status, changed: true };
    });
  }
}
