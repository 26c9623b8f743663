import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { createOpaqueToken } from '../tokens/opaque-token';

export type EmailedTokenPurpose = 'activation' | 'password_reset';

/**
 * Single-use links sent by e-mail (activation/invitation, password reset). Only the hash is
 * stored; using a token marks it in the same statement that finds it, so two concurrent uses
 * cannot both succeed. Issuing a new token of a purpose voids the account's older ones.
 */
export class EmailedTokens {
  async issue(manager: EntityManager, tenantId: string, accountId: string, purpose: EmailedTokenPurpose, ttlSeconds: number): Promise<string> {
    const token = createOpaqueToken(tenantId);
    await manager.query(`UPDATE account_tokens SET used_at = now() WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL`, [accountId, purpose]);
    await manager.query(
      `INSERT INTO account_tokens (id, tenant_id, account_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [randomUUID(), tenantId, accountId, purpose, token.hash, ttlSeconds],
    );
    return token.value;
  }

  /** The account the token was for, or undefined when it is unknown, used or expired. */
  async consume(manager: EntityManager, tokenHash: string, purpose: EmailedTokenPurpose): Promise<string | undefined> {
    const [rows] = await manager.query(
      `UPDATE account_tokens SET used_at = now()
       WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
       RETURNING account_id`,
      [tokenHash, purpose],
    );
    return (rows as { account_id: string }[])[0]?.account_id;
  }
}
