import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditLog } from '../accounts/audit-log';
import { MfaCredentials } from './mfa-credentials';

export const securitySettingsSchema = z.object({ mfaRequiredForAdmins: z.boolean() }).strict();
export type SecuritySettings = z.infer<typeof securitySettingsSchema>;

/** A company's security settings; the tenant is the caller's, from the verified token. */
export class TenantSecuritySettings {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: MfaCredentials,
    private readonly auditLog: AuditLog,
  ) {}

  read(principal: Principal): Promise<SecuritySettings> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => ({
      mfaRequiredForAdmins: await this.credentials.tenantRequiresSecondFactor(manager, principal.tenantId),
    }));
  }

  update(principal: Principal, settings: SecuritySettings): Promise<SecuritySettings> {
    return runInTenantTransaction(this.dataSource, principal.tenantId, async (manager) => {
      await this.credentials.requireSecondFactor(manager, principal.tenantId, settings.mfaRequiredForAdmins);
      await this.auditLog.record(manager, {
        tenantId: principal.tenantId,
        accountId: principal.userId,
        actorAccountId: principal.userId,
        action: 'mfa_requirement_changed',
        details: { mfaRequiredForAdmins: settings.mfaRequiredForAdmins },
      });
      return settings;
    });
  }
}
