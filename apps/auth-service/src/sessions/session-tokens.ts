import { Principal } from '@anpi/auth-guard';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { createOpaqueToken } from '../tokens/opaque-token';

export interface SessionTokens {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export type RefreshOutcome = { kind: 'rotated'; tokens: SessionTokens } | { kind: 'refused'; reuseDetected: boolean; accountId?: string };

interface RefreshTokenRow {
  id: string;
  account_id: string;
  family_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
}

/** What an access token states about an account, read from its current row at log-in and at every refresh. */
export function principalOf(account: Account): Principal {
  const principal: Principal = { tenantId: account.tenantId, userId: account.id, role: account.role, departmentIds: account.role === 'department_admin' ? account.departmentIds : [] };
  return account.employeeId ? { ...principal, employeeId: account.employeeId } : principal;
}

/**
 * Refresh tokens: opaque, stored hashed, one family per login. Each use rotates the token;
 * presenting a token that was already rotated means it was copied — the whole family is
 * revoked, which logs out the thief and (unavoidably) the owner, who logs in again.
 */
export class SessionTokenService {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTtlSeconds: number,
  ) {}

  async start(manager: EntityManager, account: Account): Promise<SessionTokens> {
    return this.issue(manager, account, randomUUID());
  }

  async rotate(manager: EntityManager, tokenHash: string): Promise<RefreshOutcome> {
    const [presented]: RefreshTokenRow[] = await manager.query(
      'SELECT id, account_id, family_id, expires_at, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE',
      [tokenHash],
    );
    if (!presented) return { kind: 'refused', reuseDetected: false };
    if (presented.rotated_at && !presented.revoked_at) {
      await this.revokeFamily(manager, presented.family_id);
      return { kind: 'refused', reuseDetected: true, accountId: presented.account_id };
    }
    const account = await manager.getRepository(Account).findOneBy({ id: presented.account_id });
    if (presented.revoked_at || presented.rotated_at || presented.expires_at <= new Date() || account?.status !== 'active') {
      return { kind: 'refused', reuseDetected: false };
    }
    await manager.query('UPDATE refresh_tokens SET rotated_at = now() WHERE id = $1', [presented.id]);
    return { kind: 'rotated', tokens: await this.issue(manager, account, presented.family_id) };
  }

  /** Logout: the family of the presented token ends; unknown tokens are ignored. */
  async revokeFamilyOf(manager: EntityManager, tokenHash: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL
       AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
      [tokenHash],
    );
  }

  async revokeAllOf(manager: EntityManager, accountId: string): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL', [accountId]);
  }

  private async revokeFamily(manager: EntityManager, familyId: string): Promise<void> {
    await manager.query('UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL', [familyId]);
  }

  private async issue(manager: EntityManager, account: Account, familyId: string): Promise<SessionTokens> {
    const refresh = createOpaqueToken(account.tenantId);
    await manager.query(
      `INSERT INTO refresh_tokens (id, tenant_id, account_id, family_id, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6))`,
      [randomUUID(), account.tenantId, account.id, familyId, refresh.hash, this.refreshTtlSeconds],
    );
    const { accessToken, expiresIn } = await this.accessTokens.issue(principalOf(account));
    return { tokenType: 'Bearer', accessToken, expiresIn, refreshToken: refresh.value };
  }
}
