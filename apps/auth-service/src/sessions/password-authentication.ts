import { normaliseEmail } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { HttpException, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { Account } from '../accounts/account.entity';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { LoginTenants } from '../accounts/login-tenants';
import { PasswordHasher } from '../passwords/password-hasher';
import { tenantSuspended, TenantStatuses } from '../tenant-status/tenant-statuses';
import { MAXIMUM_PASSWORD_LENGTH } from '../passwords/password-policy';
import { LoginThrottle } from './login-throttle';

/** Company slug + e-mail + password: what a login and a second-factor enrollment both start with. */
export const credentialFields = {
  tenant: z.string().min(1).max(63),
  email: z.string().min(3).max(254),
  password: z.string().min(1).max(MAXIMUM_PASSWORD_LENGTH * 4),
};

export const credentialsSchema = z.object(credentialFields).strict();
export type Credentials = z.infer<typeof credentialsSchema>;

/** One answer for every wrong combination, so a response never tells which part was wrong. */
export const wrongCredentials = () => new UnauthorizedException('wrong company, e-mail or password');

export class TooManyAttempts extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super({ message: 'too many failed logins; try again later' }, HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** Awaits a credential check and, when it is refused as throttled, tells the client when to come back (`Retry-After`). */
export async function withRetryAfter<T>(reply: { header(name: string, value: string): unknown }, attempt: Promise<T>): Promise<T> {
  try {
    return await attempt;
  } catch (error) {
    if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
    throw error;
  }
}

/** What the step after a right password decided. A refusal that guesses at a secret counts as a failed login. */
export type NextStepOutcome<T> = { passed: true; value: T } | { passed: false; refusal: HttpException; countsAsFailure: boolean };

export type NextStep<T> = (manager: EntityManager, account: Account) => Promise<NextStepOutcome<T>>;

/**
 * Company slug + e-mail + password, then `next` in the same tenant transaction. Accounts are
 * row-level-secured per tenant, so the slug is resolved first (login_tenants), then the account
 * is read by blind index. Unknown company, unknown e-mail, inactive account and wrong password
 * all cost one argon2 verification and get the same 401. Locks come before the hash: a locked
 * subject costs no CPU. A company a platform operator suspended gets 403 before any hash.
 */
export class PasswordAuthentication {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loginTenants: LoginTenants,
    private readonly personalData: AccountPersonalData,
    private readonly hasher: PasswordHasher,
    private readonly throttle: LoginThrottle,
    private readonly auditLog: AuditLog,
    private readonly tenantStatuses: TenantStatuses,
  ) {}

  async authenticate<T>(credentials: Credentials, clientAddress: string, next: NextStep<T>): Promise<T> {
    const tenantId = await this.loginTenants.idOfSlug(credentials.tenant);
    const subjects = this.throttle.subjectsFor(tenantId ?? `unknown/${credentials.tenant}`, normaliseEmail(credentials.email), clientAddress);
    const lockedSeconds = await this.throttle.secondsLocked(subjects);
    if (lockedSeconds > 0) throw new TooManyAttempts(lockedSeconds);
    if (!tenantId) {
      await this.hasher.spendOneVerification(credentials.password);
      await this.throttle.recordFailure(subjects);
      throw wrongCredentials();
    }
    // Says only what anyone who knows the company's slug may know: its service is suspended.
    if (await this.tenantStatuses.isSuspended(tenantId)) throw tenantSuspended();
    // Outcomes are returned, not thrown, so a re-hash or a consumed code commits even when refused.
    const outcome = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const account = await this.personalData.findByEmail(manager, tenantId, credentials.email);
      const check = await this.hasher.check(account?.status === 'active' ? account.passwordHash : null, credentials.password);
      if (!account || !check.matches) return undefined;
      if (check.needsRehash) {
        await manager.query('UPDATE accounts SET password_hash = $2 WHERE id = $1', [account.id, await this.hasher.hash(credentials.password)]);
        await this.auditLog.record(manager, { tenantId, accountId: account.id, action: 'password_rehashed' });
      }
      return next(manager, account);
    });
    if (!outcome) {
      await this.throttle.recordFailure(subjects);
      throw wrongCredentials();
    }
    if (!outcome.passed) {
      if (outcome.countsAsFailure) await this.throttle.recordFailure(subjects);
      throw outcome.refusal;
    }
    await this.throttle.recordSuccess(subjects);
    return outcome.value;
  }
}
