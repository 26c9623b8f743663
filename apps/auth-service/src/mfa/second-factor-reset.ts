import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { Account } from '../accounts/account.entity';
import { AuditLog } from '../accounts/audit-log';
import { OutgoingMails } from '../mail/outgoing-mail';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { SessionTokenService } from '../sessions/session-tokens';
import { MfaCredentials } from './mfa-credentials';
import { secondFactorResetMail } from './second-factor-reset-mail';

export type SecondFactorState = 'active' | 'none';

export interface SecondFactorResetOutcome {
  id: string;
  secondFactor: 'none';
}

/**
 * The way back in for someone who lost their phone and their recovery codes: an owner removes
 * another account's TOTP secret and recovery codes. Only owners (an admin must not strip a
 * factor from an owner or another admin), never one's own (that is what recovery codes are
 * for, and a stolen owner session must not be able to drop the owner's own factor). The
 * person's sessions end, and they are mailed, so a reset they did not ask for is noticed. If
 * the company requires two-step verification, their next log-in answers
 * `mfa_enrollment_required` and they set it up again. One transaction, audited.
 */
export class SecondFactorReset {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: MfaCredentials,
    private readonly sessions: SessionTokenService,
    private readonly revocations: AccessRevocationAnnouncer,
    private readonly personalData: AccountPersonalData,
    private readonly mails: OutgoingMails,
    private readonly auditLog: AuditLog,
  ) {}

  async execute(actor: Principal, accountId: string): Promise<SecondFactorResetOutcome> {
    if (actor.role !== 'owner') throw new ForbiddenException('only an owner can reset two-step verification');
    if (accountId === actor.userId) throw new ForbiddenException('you cannot reset your own two-step verification; log in with a recovery code instead');
    return runInTenantTransaction(this.dataSource, actor.tenantId, async (manager) => {
      const account = await manager.getRepository(Account).findOneBy({ id: accountId });
      if (!account) throw new NotFoundException('no such account in your company');
      // Rolled back with the transaction when there was no confirmed factor to remove.
      if (!(await this.credentials.removeAllOf(manager, account.id))) throw new ConflictException('this account has no two-step verification to reset');
      await this.sessions.revokeAllOf(manager, account.id);
      await this.revocations.announce(manager, account, 'signed_out_everywhere');
      await this.mails.enqueue(manager, secondFactorResetMail({ to: this.personalData.emailOf(account), displayName: this.personalData.displayNameOf(account) }));
      await this.auditLog.record(manager, { tenantId: actor.tenantId, accountId: account.id, actorAccountId: actor.userId, action: 'second_factor_reset', details: { role: account.role } });
      return { id: account.id, secondFactor: 'none' as const };
    });
  }
}

/** Whether the caller's own account has a confirmed second factor (Settings shows it). */
export class SecondFactorStatus {
  constructor(
    private readonly dataSource: DataSource,
    private readonly credentials: MfaCredentials,
  ) {}

  async of(principal: Principal): Promise<{ secondFactor: SecondFactorState }> {
    const active = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.credentials.hasActiveFactor(manager, principal.userId));
    return { secondFactor: active ? 'active' : 'none' };
  }
}
