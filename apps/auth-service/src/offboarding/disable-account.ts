import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { mayManageAccountOf } from '../accounts/account-authority';
import { Account } from '../accounts/account.entity';
import { AuditLog } from '../accounts/audit-log';
import { SessionTokenService } from '../sessions/session-tokens';
import { AccessRevocationAnnouncer } from './access-revocation-announcer';

/**
 * Off-boarding: the account can no longer log in, its refresh tokens end, its unexpired
 * access tokens are refused by every service (auth.access-revoked), and it is deleted after
 * the grace period (DeleteExpiredAccounts). All in one transaction, audited.
 */
export class DisableAccount {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessions: SessionTokenService,
    private readonly revocations: AccessRevocationAnnouncer,
    private readonly auditLog: AuditLog,
    private readonly deletionGraceDays: number,
  ) {}

  async execute(actor: Principal, accountId: string): Promise<{ id: string; status: 'disabled'; deleteAfter: string }> {
    return runInTenantTransaction(this.dataSource, actor.tenantId, async (manager) => {
      const account = await manager.getRepository(Account).findOneBy({ id: accountId });
      if (!account) throw new NotFoundException('no such account in your company');
      if (account.id === actor.userId) throw new ConflictException('you cannot disable your own account');
      // Owners may disable anyone but themselves; admins only department admins and members.
      if (!mayManageAccountOf(actor.role, account.role)) throw new ForbiddenException(`your role cannot disable a ${account.role}`);
      if (account.status === 'disabled') throw new ConflictException('the account is already disabled');
      const [[row]] = await manager.query(
        `UPDATE accounts SET status = 'disabled', disabled_at = now(), delete_after = now() + make_interval(secs => $2), updated_at = now()
         WHERE id = $1 RETURNING delete_after`,
        [account.id, Math.round(this.deletionGraceDays * 86_400)],
      );
      await this.sessions.revokeAllOf(manager, account.id);
      await this.revocations.announce(manager, account, 'account_disabled');
      await this.auditLog.record(manager, { tenantId: actor.tenantId, accountId: account.id, actorAccountId: actor.userId, action: 'account_disabled' });
      return { id: account.id, status: 'disabled' as const, deleteAfter: (row.delete_after as Date).toISOString() };
    });
  }
}
