import { FieldCipher, TenantKeyring } from '@anpi/field-encryption';
import { EntityManager } from 'typeorm';
import { DataKeyTable } from './data-key-table';

/** The tenant's cipher for the current transaction (first use creates the tenant's data key). */
export class DirectoryKeys {
  constructor(private readonly keyring: TenantKeyring) {}

  cipherFor(manager: EntityManager, tenantId: string): Promise<FieldCipher> {
    return this.keyring.cipherFor(tenantId, new DataKeyTable(manager, tenantId));
  }
}
