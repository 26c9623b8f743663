import { FieldCipher } from './field-cipher';
import { DataKeyWrapper, StoredDataKey, tenantCipherFromKeys } from './tenant-data-keys';

/**
 * Where a tenant's wrapped data keys live, bound to the caller's (tenant-scoped) transaction.
 * `insertActive` must do nothing when the tenant already has an active key (a concurrent
 * first write created it), so that every writer ends up with the same key.
 */
export interface DataKeyStore {
  list(): Promise<StoredDataKey[]>;
  insertActive(key: StoredDataKey): Promise<void>;
}

export interface TenantKeyringOptions {
  /**
   * How long an unwrapped key set is reused. Bounds how long an instance keeps encrypting
   * under a data key that the rotation command has just retired (still readable, re-encrypted
   * by the next rotation pass).
   */
  cacheTtlMs: number;
  now?: () => number;
}

/**
 * Hands out each tenant's cipher, creating the tenant's first data key on first use and
 * keeping unwrapped keys in memory for a short while (unwrapping on every request would
 * double the crypto work of a bulk import).
 */
export class TenantKeyring {
  private readonly cache = new Map<string, { cipher: FieldCipher; expiresAt: number }>();
  private readonly now: () => number;

  constructor(
    private readonly wrapper: DataKeyWrapper,
    private readonly options: TenantKeyringOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async cipherFor(tenantId: string, store: DataKeyStore): Promise<FieldCipher> {
    const cached = this.cache.get(tenantId);
    if (cached && cached.expiresAt > this.now()) return cached.cipher;
    let keys = await store.list();
    if (!keys.some((key) => key.state === 'active')) {
      await store.insertActive(this.wrapper.newDataKey(tenantId));
      keys = await store.list();
    }
    const cipher = tenantCipherFromKeys(this.wrapper, tenantId, keys);
    this.cache.set(tenantId, { cipher, expiresAt: this.now() + this.options.cacheTtlMs });
    return cipher;
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
