import { runInTenantTransaction } from '@anpi/persistence';
import { UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditLog } from '../accounts/audit-log';
import { tenantSuspended, TenantStatuses } from '../tenant-status/tenant-statuses';
import { readOpaqueToken } from '../tokens/opaque-token';
import { SessionTokens, SessionTokenService } from './session-tokens';

export const refreshTokenCommandSchema = z.object({ refreshToken: z.string().min(1).max(200) }).strict();
export type RefreshTokenCommand = z.infer<typeof refreshTokenCommandSchema>;

const refused = () => new UnauthorizedException('refresh token invalid, expired or revoked');

/**
 * Exchanges a refresh token for new tokens; a reused one revokes its family (and is audited).
 * A suspended company's sessions stop here: no new access token while it is suspended.
 */
export class RefreshSession {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionTokenService,
    private readonly auditLog: AuditLog,
    private readonly tenantStatuses: TenantStatuses,
  ) {}

  async execute(command: RefreshTokenCommand): Promise<SessionTokens> {
    const token = readOpaqueToken(command.refreshToken);
    if (!token) throw refused();
    if (await this.tenantStatuses.isSuspended(token.tenantId)) throw tenantSuspended();
    // The revocation of a reused family must commit, so the outcome is returned, not thrown.
    const outcome = await runInTenantTransaction(this.dataSource, token.tenantId, async (manager) => {
      const result = await this.sessions.rotate(manager, token.hash);
      if (result.kind === 'refused' && result.reuseDetected && result.accountId) {
        await this.auditLog.record(manager, { tenantId: token.tenantId, accountId: result.accountId, action: 'refresh_token_reused' });
      }
      return result;
    });
    if (outcome.kind === 'refused') throw refused();
    return outcome.tokens;
  }
}

/** Logout ends the presented token's family. Answers the same whether or not it existed. */
export class LogOut {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionTokenService,
  ) {}

  async execute(command: RefreshTokenCommand): Promise<void> {
    const token = readOpaqueToken(command.refreshToken);
    if (!token) return;
    await runInTenantTransaction(this.dataSource, token.tenantId, (manager) => this.sessions.revokeFamilyOf(manager, token.hash));
  }
}
