import { randomBytes } from 'node:crypto';
import { FieldCipher } from './field-cipher';

/** A tenant's data key as stored: only ever wrapped (encrypted) by a master key. */
export interface StoredDataKey {
  keyId: string;
  /** `v1.<masterKeyId>.…` — the master key that wraps it is named in the ciphertext. */
  wrappedKey: string;
  state: 'active' | 'retired';
}

/**
 * Envelope encryption: each tenant's personal data is encrypted under the tenant's own
 * AES-256 data key, and the data keys are stored wrapped by a master key from the
 * environment. Rotating the master key means re-wrapping a few small rows, not
 * re-encrypting every address; deleting a tenant's data keys makes its backups unreadable.
 */
export class DataKeyWrapper {
  private readonly masterCipher: FieldCipher;

  constructor(masterKeys: ReadonlyMap<string, Buffer>, activeMasterKeyId: string) {
    this.masterCipher = new FieldCipher(masterKeys, activeMasterKeyId);
  }

  /** A fresh random data key for a tenant, wrapped under the active master key. */
  newDataKey(tenantId: string, state: StoredDataKey['state'] = 'active'): StoredDataKey {
    const keyId = `dk_${randomBytes(8).toString('hex')}`;
    return { keyId, wrappedKey: this.wrap(tenantId, keyId, randomBytes(32)), state };
  }

  unwrap(tenantId: string, stored: StoredDataKey): Buffer {
    const key = Buffer.from(this.masterCipher.decrypt(stored.wrappedKey, wrappingContext(tenantId, stored.keyId)), 'base64');
    if (key.length !== 32) throw new Error(`data key ${stored.keyId} of tenant ${tenantId} is damaged`);
    return key;
  }

  isWrappedUnderActiveMasterKey(stored: StoredDataKey): boolean {
    return this.masterCipher.keyIdOf(stored.wrappedKey) === this.masterCipher.activeKeyId;
  }

  /** The same data key, wrapped under the active master key (the data it protects is untouched). */
  rewrap(tenantId: string, stored: StoredDataKey): StoredDataKey {
    return { ...stored, wrappedKey: this.wrap(tenantId, stored.keyId, this.unwrap(tenantId, stored)) };
  }

  private wrap(tenantId: string, keyId: string, key: Buffer): string {
    return this.masterCipher.encrypt(key.toString('base64'), wrappingContext(tenantId, keyId));
  }
}

/** Bound to tenant and key id: a wrapped key copied to another tenant does not unwrap. */
function wrappingContext(tenantId: string, keyId: string): string {
  return `tenant-data-key/${tenantId}/${keyId}`;
}

/** Builds the cipher of one tenant from its stored data keys: the active key encrypts, all decrypt. */
export function tenantCipherFromKeys(wrapper: DataKeyWrapper, tenantId: string, storedKeys: readonly StoredDataKey[]): FieldCipher {
  const active = storedKeys.find((key) => key.state === 'active');
  if (!active) throw new Error(`tenant ${tenantId} has no active data key`);
  const keys = new Map(storedKeys.map((stored) => [stored.keyId, wrapper.unwrap(tenantId, stored)]));
  return new FieldCipher(keys, active.keyId);
}
