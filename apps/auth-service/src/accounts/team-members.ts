import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MfaCredentials } from '../mfa/mfa-credentials';
import { AccountPersonalData } from './account-emails';
import { Account, AccountRole, AccountStatus } from './account.entity';

/** One row of the console's team list. Name and e-mail are null when they cannot be read (see `readable`). */
export interface TeamMember {
  id: string;
  displayName: string | null;
  email: string | null;
  role: AccountRole;
  status: AccountStatus;
  departmentIds: string[];
  /** The directory person the account is linked to (PUT /v1/accounts/{id}/directory-person), or null. */
  employeeId: string | null;
  createdAt: string;
  disabledAt: string | null;
  /** A confirmed TOTP factor is `active`; an enrollment not confirmed yet is `none`. */
  secondFactor: 'active' | 'none';
}

/** Who has console access in the viewer's company: every account, oldest first, name and e-mail decrypted. */
export class TeamMembers {
  private readonly logger = new Logger(TeamMembers.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: AccountPersonalData,
    private readonly mfaCredentials: MfaCredentials,
  ) {}

  async list(viewer: Principal): Promise<TeamMember[]> {
    // Two queries for the whole list, whatever its length: the accounts, and who has a second factor.
    const { accounts, withSecondFactor } = await runInTenantTransaction(this.dataSource, viewer.tenantId, async (manager) => ({
      accounts: await manager.getRepository(Account).find({ order: { createdAt: 'ASC', id: 'ASC' } }),
      withSecondFactor: await this.mfaCredentials.accountIdsWithActiveFactor(manager),
    }));
    return accounts.map((account) => ({
      id: account.id,
      displayName: this.readable(account, 'display name', () => this.personalData.displayNameOf(account)),
      email: this.readable(account, 'e-mail', () => this.personalData.emailOf(account)),
      role: account.role,
      status: account.status,
      departmentIds: account.departmentIds,
      employeeId: account.employeeId,
      createdAt: account.createdAt.toISOString(),
      disabledAt: account.disabledAt?.toISOString() ?? null,
      secondFactor: withSecondFactor.has(account.id) ? ('active' as const) : ('none' as const),
    }));
  }

  /**
   * One unreadable row (its key retired from the key ring, its data erased) must not take the
   * whole team list down with it: that field shows as unknown and the reason goes to the log,
   * by account id only.
   */
  private readable(account: Account, field: string, decrypt: () => string): string | null {
    try {
      return decrypt();
    } catch (error) {
      this.logger.warn(`account ${account.id}: ${field} unreadable (${error instanceof Error ? error.message : String(error)})`);
      return null;
    }
  }
}
