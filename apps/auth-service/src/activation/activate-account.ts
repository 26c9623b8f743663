import { runInTenantTransaction } from '@anpi/persistence';
import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccountPersonalData } from '../accounts/account-emails';
import { Account } from '../accounts/account.entity';
import { AuditLog } from '../accounts/audit-log';
import { EmailedTokenPurpose, EmailedTokens } from '../emailed-tokens/emailed-tokens';
import { PasswordHasher } from '../passwords/password-hasher';
import { MAXIMUM_PASSWORD_LENGTH, PasswordPolicy } from '../passwords/password-policy';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { SessionTokenService } from '../sessions/session-tokens';
import { readOpaqueToken } from '../tokens/opaque-token';

export const setPasswordCommandSchema = z
  .object({
    token: z.string().min(1).max(200),
    password: z.string().min(1).max(MAXIMUM_PASSWORD_LENGTH * 4),
  })
  .strict();

export type SetPasswordCommand = z.infer<typeof setPasswordCommandSchema>;

const invalidLink = () => new BadRequestException('this link is invalid, used or expired');

/**
 * Sets a password from an e-mailed single-use token: activation (new owner, invited staff)
 * or password reset. The token is consumed in the transaction that stores the password, so
 * a refused password leaves the link usable and a used link never works twice. Every
 * refresh token of the account ends (a reset may be a response to a stolen session).
 */
export class SetPasswordFromEmailedToken {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: EmailedTokens,
    private readonly hasher: PasswordHasher,
    private readonly policy: PasswordPolicy,
    private readonly personalData: AccountPersonalData,
    private readonly sessions: SessionTokenService,
    private readonly auditLog: AuditLog,
    private readonly revocations: AccessRevocationAnnouncer,
  ) {}

  async execute(purpose: EmailedTokenPurpose, command: SetPasswordCommand): Promise<void> {
    const token = readOpaqueToken(command.token);
    if (!token) throw invalidLink();
    await runInTenantTransaction(this.dataSource, token.tenantId, async (manager) => {
      const accountId = await this.tokens.consume(manager, token.hash, purpose);
      const account = accountId ? await manager.getRepository(Account).findOneBy({ id: accountId }) : null;
      const expectedStatus = purpose === 'activation' ? 'pending_activation' : 'active';
      if (!account || account.status !== expectedStatus) throw invalidLink();
      const problems = this.policy.problemsWith(command.password, this.personalData.emailOf(account));
      if (problems.length > 0) {
        throw new UnprocessableEntityException({ message: 'password refused', details: problems.map((message) => ({ path: 'password', message })) });
      }
      // Hashed only after the token proved valid: garbage tokens must not buy argon2 work.
      const passwordHash = await this.hasher.hash(command.password);
      await manager.query(`UPDATE accounts SET password_hash = $2, status = 'active', updated_at = now() WHERE id = $1`, [account.id, passwordHash]);
      await this.sessions.revokeAllOf(manager, account.id);
      if (purpose === 'password_reset') {
        await this.revocations.announce(manager, account, 'password_changed');
      }
      await this.auditLog.record(manager, { tenantId: account.tenantId, accountId: account.id, action: purpose === 'activation' ? 'account_activated' : 'password_reset' });
    });
  }
}
