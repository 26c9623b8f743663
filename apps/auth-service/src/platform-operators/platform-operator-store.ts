import { BlindIndex, FieldCipher, normaliseEmail } from '@anpi/field-encryption';
import { EntityManager } from 'typeorm';

/** Blind-index scope of operator e-mails: never equal to a tenant account's lookup of the same address. */
const LOOKUP_SCOPE = 'platform-operators';

export interface StoredOperator {
  id: string;
  status: 'active' | 'disabled';
  passwordHash: string;
  totpSecret: string;
  lastUsedStep: number | null;
}

export interface OperatorCredentials {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  totpSecret: string;
}

interface OperatorRow {
  id: string;
  status: 'active' | 'disabled';
  password_hash: string;
  totp_secret_ciphertext: string;
  last_used_step: string | null;
}

export type OperatorAuditAction = 'operator_created' | 'operator_credentials_reset' | 'operator_signed_in' | 'operator_sign_in_refused';

/**
 * The platform_operators table: e-mail sealed and found by blind index, the TOTP secret sealed
 * and bound to its operator's row, so a copied ciphertext opens for no other operator.
 */
export class PlatformOperatorStore {
  constructor(
    private readonly cipher: FieldCipher,
    private readonly blindIndex: BlindIndex,
  ) {}

  lookupOf(email: string): string {
    return this.blindIndex.of(normaliseEmail(email), LOOKUP_SCOPE);
  }

  /** Locks the row: two sign-ins with the same code cannot both pass the replay check. */
  async findByEmail(manager: EntityManager, email: string): Promise<StoredOperator | undefined> {
    const [row]: OperatorRow[] = await manager.query(
      'SELECT id, status, password_hash, totp_secret_ciphertext, last_used_step FROM platform_operators WHERE email_lookup = $1 FOR UPDATE',
      [this.lookupOf(email)],
    );
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status,
      passwordHash: row.password_hash,
      totpSecret: this.cipher.decrypt(row.totp_secret_ciphertext, totpBinding(row.id)),
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
    };
  }

  /** Creates the operator, or replaces the credentials of the one with this e-mail; returns its id and whether it is new. */
  async upsert(manager: EntityManager, operator: OperatorCredentials): Promise<{ id: string; created: boolean }> {
    const [existing]: { id: string }[] = await manager.query('SELECT id FROM platform_operators WHERE email_lookup = $1 FOR UPDATE', [this.lookupOf(operator.email)]);
    const id = existing?.id ?? operator.id;
    await manager.query(
      `INSERT INTO platform_operators (id, email_lookup, email_ciphertext, display_name, password_hash, totp_secret_ciphertext)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name, password_hash = EXCLUDED.password_hash,
         totp_secret_ciphertext = EXCLUDED.totp_secret_ciphertext, last_used_step = NULL, status = 'active', updated_at = now()`,
      [
        id,
        this.lookupOf(operator.email),
        this.cipher.encrypt(operator.email, `platform-operator/${id}/email`),
        operator.displayName,
        operator.passwordHash,
        this.cipher.encrypt(operator.totpSecret, totpBinding(id)),
      ],
    );
    return { id, created: !existing };
  }

  async recordUsedStep(manager: EntityManager, operatorId: string, step: number): Promise<void> {
    await manager.query('UPDATE platform_operators SET last_used_step = $2 WHERE id = $1', [operatorId, step]);
  }

  async replacePasswordHash(manager: EntityManager, operatorId: string, passwordHash: string): Promise<void> {
    await manager.query('UPDATE platform_operators SET password_hash = $2, updated_at = now() WHERE id = $1', [operatorId, passwordHash]);
  }

  /** Append-only (trigger); written in the transaction it records, or on its own for a refusal. */
  async audit(manager: EntityManager, entry: { operatorId: string | null; action: OperatorAuditAction; ip: string | null; details?: Record<string, string | number | boolean> }): Promise<void> {
    await manager.query('INSERT INTO platform_operator_audit_log (operator_id, action, ip, details) VALUES ($1, $2, $3::inet, $4)', [
      entry.operatorId,
      entry.action,
      entry.ip,
      JSON.stringify(entry.details ?? {}),
    ]);
  }
}

function totpBinding(operatorId: string): string {
  return `platform-operator/${operatorId}/totp`;
}
