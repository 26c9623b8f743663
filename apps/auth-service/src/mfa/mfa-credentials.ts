import { FieldCipher } from '@anpi/field-encryption';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';

export interface StoredSecondFactor {
  secret: string;
  confirmed: boolean;
  lastUsedStep: number | null;
}

interface MfaCredentialRow {
  secret_ciphertext: string;
  confirmed_at: Date | null;
  last_used_step: string | null;
}

/**
 * The TOTP secrets (sealed, bound to their account), recovery-code hashes and the tenant's
 * requirement. Every method runs in a transaction bound to the account's tenant.
 */
export class MfaCredentials {
  constructor(private readonly cipher: FieldCipher) {}

  /** Locks the row: two logins with the same code cannot both pass the replay check. */
  async findFor(manager: EntityManager, account: Account): Promise<StoredSecondFactor | undefined> {
    const [row]: MfaCredentialRow[] = await manager.query(
      'SELECT secret_ciphertext, confirmed_at, last_used_step FROM mfa_credentials WHERE account_id = $1 FOR UPDATE',
      [account.id],
    );
    if (!row) return undefined;
    return {
      secret: this.cipher.decrypt(row.secret_ciphertext, sealedFor(account)),
      confirmed: row.confirmed_at !== null,
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    };
  }

  /** A new, unconfirmed secret replaces any earlier unconfirmed one. */
  async storeUnconfirmed(manager: EntityManager, account: Account, secret: string): Promise<void> {
    await manager.query(
      `INSERT INTO mfa_credentials (account_id, tenant_id, secret_ciphertext) VALUES ($1, $2, $3)
       ON CONFLICT (account_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, last_used_step = NULL, created_at = now()
       WHERE mfa_credentials.confirmed_at IS NULL`,
      [account.id, account.tenantId, this.cipher.encrypt(secret, sealedFor(account))],
    );
  }

  async confirm(manager: EntityManager, account: Account, usedStep: number, recoveryCodeHashes: string[]): Promise<void> {
    await manager.query('UPDATE mfa_credentials SET confirmed_at = now(), last_used_step = $2 WHERE account_id = $1', [account.id, usedStep]);
    await manager.query('DELETE FROM mfa_recovery_codes WHERE account_id = $1', [account.id]);
    for (const codeHash of recoveryCodeHashes) {
      await manager.query('INSERT INTO mfa_recovery_codes (id, tenant_id, account_id, code_hash) VALUES ($1, $2, $3, $4)', [randomUUID(), account.tenantId, account.id, codeHash]);
    }
  }

  /** The accounts of the transaction's tenant with a confirmed second factor, in one query (row-level security scopes it). */
  async accountIdsWithActiveFactor(manager: EntityManager): Promise<Set<string>> {
    const rows: { account_id: string }[] = await manager.query('SELECT account_id FROM mfa_credentials WHERE confirmed_at IS NOT NULL');
    return new Set(rows.map((row) => row.account_id));
  }

  async hasActiveFactor(manager: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM mfa_credentials WHERE account_id = $1 AND confirmed_at IS NOT NULL', [accountId]);
    return rows.length > 0;
  }

  /**
   * Deletes the account's TOTP secret (confirmed or not) and all its recovery codes. True if a
   * confirmed factor was removed; the caller rolls back when there was none to remove.
   */
  async removeAllOf(manager: EntityManager, accountId: string): Promise<boolean> {
    // For a DELETE … RETURNING, TypeORM's pg driver answers [rows, affected row count].
    const [removed]: [{ confirmed_at: Date | null }[], number] = await manager.query('DELETE FROM mfa_credentials WHERE account_id = $1 RETURNING confirmed_at', [accountId]);
    await manager.query('DELETE FROM mfa_recovery_codes WHERE account_id = $1', [accountId]);
    return removed.some((row) => row.confirmed_at !== null);
  }

  async recordUsedStep(manager: EntityManager, account: Account, step: number): Promise<void> {
    await manager.query('UPDATE mfa_credentials SET last_used_step = $2 WHERE account_id = $1', [account.id, step]);
  }

  /** True if the code was unused (it is now used); a used or unknown code is false. */
  async consumeRecoveryCode(manager: EntityManager, account: Account, codeHash: string): Promise<boolean> {
    // For an UPDATE, TypeORM's pg driver answers [rows, affected row count].
    const [, consumedCount]: [unknown[], number] = await manager.query(
      'UPDATE mfa_recovery_codes SET used_at = now() WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL',
      [account.id, codeHash],
    );
    return consumedCount === 1;
  }

  async tenantRequiresSecondFactor(manager: EntityManager, tenantId: string): Promise<boolean> {
    const [row] = await manager.query('SELECT mfa_required_for_admins FROM tenant_security_settings WHERE tenant_id = $1', [tenantId]);
    return row?.mfa_required_for_admins === true;
  }

  async requireSecondFactor(manager: EntityManager, tenantId: string, required: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO tenant_security_settings (tenant_id, mfa_required_for_admins) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET mfa_required_for_admins = EXCLUDED.mfa_required_for_admins, updated_at = now()`,
      [tenantId, required],
    );
  }
}

function sealedFor(account: Account): string {
  return `${account.tenantId}/${account.id}/totp`;
}
