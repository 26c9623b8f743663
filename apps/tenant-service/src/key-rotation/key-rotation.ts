import { DataKeyWrapper, tenantCipherFromKeys } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { DataKeyTable } from '../contact-encryption/data-key-table';
import { ContactVault } from '../contact-encryption/contact-vault';
import { listTenantIds } from '../tenants/tenant-listing';

export interface RotationPlan {
  /** Give every tenant a new data key (the old one stays, retired, for reading). */
  newDataKeys: boolean;
  /** Re-encrypt rows still under a retired data key, in batches of `batchSize`. */
  reencrypt: boolean;
  batchSize: number;
  /** Limit to these tenants; all tenants when empty. */
  tenantIds: readonly string[];
}

export interface RotationReport {
  tenants: number;
  rewrappedDataKeys: number;
  newDataKeys: number;
  reencryptedEmployees: number;
  /** Rows still under a retired key (locked by a concurrent writer); the next run takes them. */
  employeesLeftOnRetiredKeys: number;
}

interface EmployeeContactRow {
  id: string;
  company_email_ciphertext: string | null;
  private_emails_ciphertext: string | null;
  mobile_phone_ciphertext: string | null;
  line_user_id_ciphertext: string | null;
}

/**
 * Online key rotation, one tenant and one short transaction at a time, while the service runs:
 * 1. re-wrap every data key under the active master key (after which the old master key can
 *    leave the Secret), 2. optionally start a new data key per tenant, 3. optionally re-encrypt
 *    rows still under retired data keys, in batches that skip rows a writer holds.
 * Retired data keys are kept: a replica whose key cache is older than the rotation may still
 * write under one for up to DIRECTORY_KEY_CACHE_TTL_MS, and those rows must stay readable.
 */
export class KeyRotation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly wrapper: DataKeyWrapper,
    private readonly vault: ContactVault,
  ) {}

  async run(plan: RotationPlan): Promise<RotationReport> {
    const tenantIds = plan.tenantIds.length > 0 ? plan.tenantIds : await listTenantIds(this.dataSource);
    const report: RotationReport = { tenants: tenantIds.length, rewrappedDataKeys: 0, newDataKeys: 0, reencryptedEmployees: 0, employeesLeftOnRetiredKeys: 0 };
    for (const tenantId of tenantIds) {
      report.rewrappedDataKeys += await this.rewrapDataKeys(tenantId);
      if (plan.newDataKeys) report.newDataKeys += await this.startNewDataKey(tenantId);
      if (plan.reencrypt) {
        report.reencryptedEmployees += await this.reencryptEmployees(tenantId, plan.batchSize);
        report.employeesLeftOnRetiredKeys += await this.countEmployeesOnRetiredKeys(tenantId);
      }
    }
    return report;
  }

  private rewrapDataKeys(tenantId: string): Promise<number> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const table = new DataKeyTable(manager, tenantId);
      const stale = (await table.list()).filter((key) => !this.wrapper.isWrappedUnderActiveMasterKey(key));
      for (const key of stale) {
        await table.replaceWrapping(this.wrapper.rewrap(tenantId, key));
      }
      return stale.length;
    });
  }

  private startNewDataKey(tenantId: string): Promise<number> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const table = new DataKeyTable(manager, tenantId);
      const active = (await table.list()).find((key) => key.state === 'active');
      if (active) await table.retire(active.keyId);
      await table.insertActive(this.wrapper.newDataKey(tenantId));
      return 1;
    });
  }

  private async reencryptEmployees(tenantId: string, batchSize: number): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.reencryptBatch(tenantId, batchSize);
      total += done;
      if (done === 0) return total;
    }
  }

  private reencryptBatch(tenantId: string, batchSize: number): Promise<number> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const keys = await new DataKeyTable(manager, tenantId).list();
      if (!keys.some((key) => key.state === 'active')) return 0;
      const cipher = tenantCipherFromKeys(this.wrapper, tenantId, keys);
      const rows: EmployeeContactRow[] = await manager.query(
        `SELECT id, company_email_ciphertext, private_emails_ciphertext, mobile_phone_ciphertext, line_user_id_ciphertext FROM employees
         WHERE data_key_id <> $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [cipher.activeKeyId, batchSize],
      );
      for (const row of rows) {
        const contacts = this.vault.open(cipher, tenantId, row.id, {
          companyEmailCiphertext: row.company_email_ciphertext,
          privateEmailsCiphertext: row.private_emails_ciphertext,
          mobilePhoneCiphertext: row.mobile_phone_ciphertext,
          lineUserIdCiphertext: row.line_user_id_ciphertext,
        });
        const sealed = this.vault.seal(cipher, tenantId, row.id, contacts);
        await manager.query(
          `UPDATE employees SET data_key_id = $2, company_email_ciphertext = $3, private_emails_ciphertext = $4, mobile_phone_ciphertext = $5,
             line_user_id_ciphertext = $6
           WHERE id = $1`,
          [row.id, sealed.dataKeyId, sealed.companyEmailCiphertext, sealed.privateEmailsCiphertext, sealed.mobilePhoneCiphertext, sealed.lineUserIdCiphertext],
        );
      }
      return rows.length;
    });
  }

  private countEmployeesOnRetiredKeys(tenantId: string): Promise<number> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [row] = await manager.query(
        `SELECT count(*)::int AS n FROM employees
         WHERE data_key_id <> (SELECT key_id FROM tenant_data_keys WHERE state = 'active')`,
      );
      return row.n as number;
    });
  }
}
