import { TenantCreatedV1 } from '@anpi/contracts';
import { BlindIndex, FieldCipher, normaliseEmail } from '@anpi/field-encryption';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';

/**
 * Creates the first owner of a new tenant, waiting for activation (the owner sets a password
 * from an e-mailed link). Safe to run twice for the same tenant: the second run changes nothing.
 */
export class ProvisionOwnerAccount {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
  ) {}

  async execute(manager: EntityManager, tenant: TenantCreatedV1): Promise<void> {
    const accountId = randomUUID();
    const owner = `${tenant.tenantId}/${accountId}`;
    await manager.query(
      `INSERT INTO accounts (id, tenant_id, role, status, email_lookup, email_ciphertext, display_name_ciphertext)
       VALUES ($1, $2, 'owner', 'pending_activation', $3, $4, $5)
       ON CONFLICT (tenant_id, email_lookup) DO NOTHING`,
      [
        accountId,
        tenant.tenantId,
        this.blindIndex.of(normaliseEmail(tenant.owner.email), tenant.tenantId),
        this.cipher.encrypt(normaliseEmail(tenant.owner.email), owner),
        this.cipher.encrypt(tenant.owner.displayName, owner),
      ],
    );
  }
}
