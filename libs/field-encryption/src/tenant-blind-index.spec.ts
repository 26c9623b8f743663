import { randomBytes } from 'node:crypto';
import { normaliseEmail, normalisePhone } from './field-cipher';
import { TenantBlindIndex } from './tenant-blind-index';

const tenantA = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b10';
const tenantB = '0190f5e8-7f3a-7cc1-9a51-5f3c2f4d9b11';

describe('TenantBlindIndex', () => {
  const index = new TenantBlindIndex(randomBytes(32));

  it('matches the same normalised value within a tenant', () => {
    expect(index.of(tenantA, 'email', normaliseEmail(' Hanako@Example.JP'))).toBe(index.of(tenantA, 'email', 'hanako@example.jp'));
    expect(index.of(tenantA, 'phone', normalisePhone('+81 90-1234-5678'))).toBe(index.of(tenantA, 'phone', '+819012345678'));
  });

  it('cannot be correlated across tenants or purposes', () => {
    const value = 'hanako@example.jp';
    expect(index.of(tenantA, 'email', value)).not.toBe(index.of(tenantB, 'email', value));
    expect(index.of(tenantA, 'email', value)).not.toBe(index.of(tenantA, 'phone', value));
    expect(index.of(tenantA, 'email', value)).not.toContain('hanako');
  });

  it('refuses a short root key', () => {
    expect(() => new TenantBlindIndex(randomBytes(16))).toThrow(/32 bytes/);
  });
});
