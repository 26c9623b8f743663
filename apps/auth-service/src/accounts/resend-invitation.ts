import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountActivationMail } from '../activation/account-activation-mail';
import { mayInvite } from '../invitations/invite-account';
import { AccountPersonalData } from './account-emails';
import { Account } from './account.entity';
import { AuditLog } from './audit-log';

/**
 * Sends a still pending invitation again, with a new single-use link: issuing it voids the
 * older links (EmailedTokens), so only the latest mail works. Whoever may invite a role may
 * invite it again; an account already active or disabled is not invited twice.
 */
export class ResendInvitation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: AccountPersonalData,
    private readonly activationMail: AccountActivationMail,
    private readonly auditLog: AuditLog,
  ) {}

  async execute(inviter: Principal, accountId: string): Promise<{ id: string; status: 'pending_activation' }> {
    const { tenantId } = inviter;
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      // Locked: an activation committing meanwhile must not be followed by a fresh invitation.
      const account = await manager.getRepository(Account).findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundException('no such account in your company');
      if (!mayInvite(inviter.role, account.role)) throw new ForbiddenException(`your role cannot invite a ${account.role}`);
      if (account.status !== 'pending_activation') throw new ConflictException(`the account is ${account.status === 'active' ? 'already active' : 'disabled'}; only a pending invitation can be sent again`);
      await this.activationMail.send(manager, { tenantId, accountId, email: this.personalData.emailOf(account), displayName: this.personalData.displayNameOf(account) });
      await this.auditLog.record(manager, { tenantId, accountId, actorAccountId: inviter.userId, action: 'account_invitation_resent', details: { role: account.role } });
      return { id: accountId, status: 'pending_activation' as const };
    });
  }
}
