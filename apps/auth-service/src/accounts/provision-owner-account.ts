import { TenantCreatedV1 } from '@anpi/contracts';
import { normaliseEmail } from '@anpi/field-encryption';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccountActivationMail } from '../activation/account-activation-mail';
import { AccountPersonalData } from './account-emails';
import { AuditLog } from './audit-log';
import { LoginTenants } from './login-tenants';

/**
 * Creates the first owner of a new tenant, waiting for activation (the owner sets a password
 * from an e-mailed link), and learns the tenant's slug for logins. Safe to run twice for the
 * same tenant: the second run changes nothing and sends nothing.
 */
export class ProvisionOwnerAccount {
  constructor(
    private readonly personalData: AccountPersonalData,
    private readonly loginTenants: LoginTenants,
    private readonly activationMail: AccountActivationMail,
    private readonly auditLog: AuditLog,
  ) {}

  async execute(manager: EntityManager, tenant: TenantCreatedV1): Promise<void> {
    await this.loginTenants.record(manager, tenant.slug, tenant.tenantId);
    const accountId = randomUUID();
    const email = normaliseEmail(tenant.owner.email);
    const inserted: unknown[] = await manager.query(
      `INSERT INTO accounts (id, tenant_id, role, status, email_lookup, email_ciphertext, display_name_ciphertext)
       VALUES ($1, $2, 'owner', 'pending_activation', $3, $4, $5)
       ON CONFLICT (tenant_id, email_lookup) DO NOTHING RETURNING id`,
      [
        accountId,
        tenant.tenantId,
        this.personalData.lookupOf(email, tenant.tenantId),
        this.personalData.seal(email, tenant.tenantId, accountId),
        this.personalData.seal(tenant.owner.displayName, tenant.tenantId, accountId),
      ],
    );
    if (inserted.length === 0) return;
    await this.activationMail.send(manager, { tenantId: tenant.tenantId, accountId, email, displayName: tenant.owner.displayName });
    await this.auditLog.record(manager, { tenantId: tenant.tenantId, accountId, action: 'account_provisioned', details: { role: 'owner' } });
  }
}
