import { runInTenantTransaction } from '@anpi/persistence';
import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginTenants } from '../accounts/login-tenants';
import { AuditLog } from '../accounts/audit-log';

/**
 * The scheduled end of off-boarding: disabled accounts past their grace period are deleted
 * with their tokens (cascade); the audit log keeps that it happened. Tenant by tenant, because
 * accounts are row-level-secured. Several replicas may run it: each row is deleted once.
 */
export class DeleteExpiredAccounts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeleteExpiredAccounts.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly loginTenants: LoginTenants,
    private readonly auditLog: AuditLog,
    private readonly intervalSeconds: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.execute().catch((error: unknown) => this.logger.warn(`account deletion pass failed: ${error instanceof Error ? error.message : String(error)}`));
    }, this.intervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async execute(): Promise<number> {
    let deleted = 0;
    for (const tenantId of await this.loginTenants.allTenantIds()) {
      deleted += await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
        const [rows]: [{ id: string }[], number] = await manager.query(
          `DELETE FROM accounts WHERE status = 'disabled' AND delete_after <= now() RETURNING id`,
        );
        for (const { id } of rows) {
          await this.auditLog.record(manager, { tenantId, accountId: id, action: 'account_deleted' });
        }
        return rows.length;
      });
    }
    return deleted;
  }
}
