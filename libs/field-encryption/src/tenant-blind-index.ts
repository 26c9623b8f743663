import { hkdfSync } from 'node:crypto';
import { BlindIndex } from './field-cipher';

export type LookupPurpose = 'email' | 'phone';

/**
 * Blind indexes with a key of their own per tenant, derived (HKDF-SHA256) from one root key:
 * equal addresses in two tenants give unrelated lookups, so rows cannot be correlated across
 * tenants even by someone holding the whole database.
 */
export class TenantBlindIndex {
  private readonly perTenant = new Map<string, BlindIndex>();

  constructor(private readonly rootKey: Buffer) {
    if (rootKey.length < 32) throw new Error('blind index root key must be at least 32 bytes');
  }

  /** `value` must already be normalised (normaliseEmail, normalisePhone). */
  of(tenantId: string, purpose: LookupPurpose, value: string): string {
    return this.indexOf(tenantId).of(value, purpose);
  }

  private indexOf(tenantId: string): BlindIndex {
    let index = this.perTenant.get(tenantId);
    if (!index) {
      index = new BlindIndex(Buffer.from(hkdfSync('sha256', this.rootKey, Buffer.from(tenantId), 'anpi/blind-index/v1', 32)));
      this.perTenant.set(tenantId, index);
    }
    return index;
  }
}
