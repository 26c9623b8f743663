import { randomBytes } from 'node:crypto';
import { DataKeyWrapper, StoredDataKey } from './tenant-data-keys';
import { DataKeyStore, TenantKeyring } from './tenant-keyring';

const tenantId = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';

class InMemoryDataKeyStore implements DataKeyStore {
  readonly keys: StoredDataKey[] = [];
  listCalls = 0;

  async list(): Promise<StoredDataKey[]> {
    this.listCalls += 1;
    return [...this.keys];
  }

  async insertActive(key: StoredDataKey): Promise<void> {
    if (!this.keys.some((existing) => existing.state === 'active')) this.keys.push(key);
  }
}

describe('TenantKeyring', () => {
  const wrapper = new DataKeyWrapper(new Map([['m1', randomBytes(32)]]), 'm1');

  it("creates the tenant's first data key on first use, stored wrapped", async () => {
    const store = new InMemoryDataKeyStore();
    const cipher = await new TenantKeyring(wrapper, { cacheTtlMs: 1_000 }).cipherFor(tenantId, store);
    expect(store.keys).toHaveLength(1);
    expect(store.keys[0].wrappedKey.startsWith('v1.m1.')).toBe(true);
    expect(cipher.activeKeyId).toBe(store.keys[0].keyId);
  });

  it('reuses unwrapped keys until the cache time runs out', async () => {
    let clock = 0;
    const store = new InMemoryDataKeyStore();
    const keyring = new TenantKeyring(wrapper, { cacheTtlMs: 1_000, now: () => clock });
    await keyring.cipherFor(tenantId, store);
    const callsAfterFirstUse = store.listCalls;
    await keyring.cipherFor(tenantId, store);
    expect(store.listCalls).toBe(callsAfterFirstUse);
    clock = 1_001;
    await keyring.cipherFor(tenantId, store);
    expect(store.listCalls).toBe(callsAfterFirstUse + 1);
  });

  it('picks up a rotated data key after the cache time, still reading the old one', async () => {
    let clock = 0;
    const store = new InMemoryDataKeyStore();
    const keyring = new TenantKeyring(wrapper, { cacheTtlMs: 10, now: () => clock });
    const sealed = (await keyring.cipherFor(tenantId, store)).encrypt('+819012345678', 'row');
    store.keys[0].state = 'retired';
    store.keys.push(wrapper.newDataKey(tenantId));
    clock = 11;
    const cipher = await keyring.cipherFor(tenantId, store);
    expect(cipher.activeKeyId).toBe(store.keys[1].keyId);
    expect(cipher.decrypt(sealed, 'row')).toBe('+819012345678');
  });
});
