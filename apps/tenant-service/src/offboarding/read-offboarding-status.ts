import { runInTenantTransaction } from '@anpi/persistence';
import { NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OffboardingView, toOffboardingView } from './offboarding-view';
import { PurgePolicy } from './purge-policy';

interface OffboardingRow {
  status: 'active' | 'disabled';
  disabled_at: Date | null;
  purged_at: Date | null;
}

/** Disable time, purge date and purge time of one employee of the caller's tenant. */
export class ReadOffboardingStatus {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: PurgePolicy,
  ) {}

  async execute(tenantId: string, employeeId: string): Promise<OffboardingView> {
    const rows: OffboardingRow[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query('SELECT status, disabled_at, purged_at FROM employees WHERE id = $1', [employeeId]),
    );
    if (rows.length === 0) throw new NotFoundException('employee not found');
    return toOffboardingView({ status: rows[0].status, disabledAt: rows[0].disabled_at, purgedAt: rows[0].purged_at }, this.policy);
  }
}
