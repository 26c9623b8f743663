import { randomBytes } from 'node:crypto';
import { DataKeyWrapper, StoredDataKey, tenantCipherFromKeys } from './tenant-data-keys';

const tenantA = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';
const tenantB = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b11';

describe('DataKeyWrapper', () => {
  const oldMaster = randomBytes(32);
  const newMaster = randomBytes(32);
  const before = new DataKeyWrapper(new Map([['m1', oldMaster]]), 'm1');
  const after = new DataKeyWrapper(new Map([['m1', oldMaster], ['m2', newMaster]]), 'm2');

  it('stores data keys only wrapped, naming the master key', () => {
    const stored = before.newDataKey(tenantA);
    expect(stored.keyId).toMatch(/^dk_[0-9a-f]{16}$/);
    expect(stored.wrappedKey.startsWith('v1.m1.')).toBe(true);
    expect(before.unwrap(tenantA, stored)).toHaveLength(32);
  });

  it("refuses to unwrap a key copied into another tenant's rows", () => {
    const stored = before.newDataKey(tenantA);
    expect(() => before.unwrap(tenantB, stored)).toThrow();
  });

  it('re-wraps under the new master key without changing the data key', () => {
    const stored = before.newDataKey(tenantA);
    expect(after.isWrappedUnderActiveMasterKey(stored)).toBe(false);
    const rewrapped = after.rewrap(tenantA, stored);
    expect(after.isWrappedUnderActiveMasterKey(rewrapped)).toBe(true);
    expect(after.unwrap(tenantA, rewrapped).equals(before.unwrap(tenantA, stored))).toBe(true);
    const onlyNewMaster = new DataKeyWrapper(new Map([['m2', newMaster]]), 'm2');
    expect(onlyNewMaster.unwrap(tenantA, rewrapped).equals(before.unwrap(tenantA, stored))).toBe(true);
    expect(() => onlyNewMaster.unwrap(tenantA, stored)).toThrow(/unknown format or key/);
  });

  it('builds a tenant cipher that encrypts with the active key and reads retired ones', () => {
    const retired: StoredDataKey = { ...before.newDataKey(tenantA), state: 'retired' };
    const oldCipher = tenantCipherFromKeys(before, tenantA, [{ ...retired, state: 'active' }]);
    const sealed = oldCipher.encrypt('hanako@example.jp', 'row-1');
    const active = before.newDataKey(tenantA);
    const cipher = tenantCipherFromKeys(before, tenantA, [retired, active]);
    expect(cipher.decrypt(sealed, 'row-1')).toBe('hanako@example.jp');
    expect(cipher.keyIdOf(cipher.encrypt('x', 'row-2'))).toBe(active.keyId);
    expect(() => tenantCipherFromKeys(before, tenantA, [retired])).toThrow(/no active data key/);
  });
});
