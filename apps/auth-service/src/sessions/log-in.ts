import { normaliseEmail } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { LoginTenants } from '../accounts/login-tenants';
import { PasswordHasher } from '../passwords/password-hasher';
import { MAXIMUM_PASSWORD_LENGTH } from '../passwords/password-policy';
import { LoginThrottle } from './login-throttle';
import { SessionTokenService, SessionTokens } from './session-tokens';

export const logInCommandSchema = z
  .object({
    tenant: z.string().min(1).max(63),
    email: z.string().min(3).max(254),
    password: z.string().min(1).max(MAXIMUM_PASSWORD_LENGTH * 4),
  })
  .strict();

export type LogInCommand = z.infer<typeof logInCommandSchema>;

/** One answer for every wrong combination, so a response never tells which part was wrong. */
export const wrongCredentials = () => new UnauthorizedException('wrong company, e-mail or password');

export class TooManyAttempts extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super({ message: 'too many failed logins; try again later' }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/**
 * Login by company slug + e-mail + password. Accounts are row-level-secured per tenant, so the
 * slug is resolved first (login_tenants), then the account is read in that tenant's
 * transaction by blind index. Unknown company, unknown e-mail, inactive account and wrong
 * password all cost one argon2 verification and get the same 401. Locks come before the hash:
 * a locked subject costs no CPU.
 */
export class LogIn {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loginTenants: LoginTenants,
    private readonly personalData: AccountPersonalData,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly sessions: SessionTokenService,
    private readonly auditLog: AuditLog,
  ) {}

  async execute(command: LogInCommand, clientAddress: string): Promise<SessionTokens> {
    const tenantId = await this.loginTenants.idOfSlug(command.tenant);
    const subjects = this.throttle.subjectsFor(tenantId ?? `unknown/${command.tenant}`, normaliseEmail(command.email), clientAddress);
    const lockedSeconds = await this.throttle.secondsLocked(subjects);
    if (lockedSeconds > 0) throw new TooManyAttempts(lockedSeconds);
    if (!tenantId) {
      await this.hasher.spendOneVerification(command.password);
      await this.throttle.recordFailure(subjects);
      throw wrongCredentials();
    }
    const session = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const account = await this.personalData.findByEmail(manager, tenantId, command.email);
      const check = await this.hasher.check(account?.status === 'active' ? account.passwordHash : null, command.password);
      if (!account || !check.matches) return undefined;
      if (check.needsRehash) {
        await manager.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [account.id, await this.hasher.hash(command.password)]);
        await this.auditLog.record(manager, { tenantId, accountId: account.id, action: 'password_rehashed' });
      }
      return this.sessions.start(manager, account);
    });
    if (!session) {
      await this.throttle.recordFailure(subjects);
      throw wrongCredentials();
    }
    await this.throttle.recordSuccess(subjects);
    return session;
  }
}
