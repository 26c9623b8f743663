import { BlindIndex, FieldCipher, normaliseEmail } from '@anpi/field-encryption';
import { EntityManager } from 'typeorm';
import { Account } from './account.entity';

/** E-mail and name at rest: encrypted and bound to the account's row, found by blind index. */
export class AccountPersonalData {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
  ) {}

  lookupOf(email: string, tenantId: string): string {
    return this.blindIndex.of(normaliseEmail(email), tenantId);
  }

  seal(value: string, tenantId: string, accountId: string): string {
    return this.cipher.encrypt(value, `${tenantId}/${accountId}`);
  }

  emailOf(account: Account): string {
    return this.cipher.decrypt(account.emailCiphertext, `${account.tenantId}/${account.id}`);
  }

  displayNameOf(account: Account): string {
    return this.cipher.decrypt(account.displayNameCiphertext, `${account.tenantId}/${account.id}`);
  }

  /** Runs in a transaction bound to `tenantId`: row-level security keeps other tenants out. */
  async findByEmail(manager: EntityManager, tenantId: string, email: string): Promise<Account | null> {
    return manager.getRepository(Account).findOneBy({ tenantId, emailLookup: this.lookupOf(email, tenantId) });
  }
}
