import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditLog } from '../accounts/audit-log';
import { MfaCredentials } from './mfa-credentials';
import { RecoveryCodes } from './recovery-codes';
import { secondFactorRequirement } from './second-factor-requirement';
import { TotpCodes } from './totp-codes';

/** What a login may carry besides the password. */
export interface SecondFactorProof {
  oneTimeCode?: string;
  recoveryCode?: string;
}

export type SecondFactorVerdict = 'passed' | 'code_required' | 'code_wrong' | 'enrollment_required';

/** Checks the second step of a login whose password was right, in the login's transaction. */
export class SecondFactor {
  constructor(
    private readonly credentials: MfaCredentials,
    private readonly totpCodes: TotpCodes,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly auditLog: AuditLog,
  ) {}

  async verify(manager: EntityManager, account: Account, proof: SecondFactorProof): Promise<SecondFactorVerdict> {
    const stored = await this.credentials.findFor(manager, account);
    const requirement = secondFactorRequirement({
      role: account.role,
      enrolled: stored?.confirmed === true,
      tenantRequiresIt: await this.credentials.tenantRequiresSecondFactor(manager, account.tenantId),
    });
    if (requirement === 'none') return 'passed';
    if (requirement === 'enrollment') return 'enrollment_required';
    if (proof.recoveryCode) return this.verifyRecoveryCode(manager, account, proof.recoveryCode);
    if (!proof.oneTimeCode) return 'code_required';
    const step = this.totpCodes.acceptedStep(stored!.secret, proof.oneTimeCode, stored!.lastUsedStep);
    if (step === undefined) return 'code_wrong';
    await this.credentials.recordUsedStep(manager, account, step);
    return 'passed';
  }

  private async verifyRecoveryCode(manager: EntityManager, account: Account, recoveryCode: string): Promise<SecondFactorVerdict> {
    if (!(await this.credentials.consumeRecoveryCode(manager, account, this.recoveryCodes.hashOf(recoveryCode)))) return 'code_wrong';
    await this.auditLog.record(manager, { tenantId: account.tenantId, accountId: account.id, action: 'mfa_recovery_code_used' });
    return 'passed';
  }
}
