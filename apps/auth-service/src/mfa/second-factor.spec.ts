import { Secret, TOTP } from 'otpauth';
import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AuditLog } from '../accounts/audit-log';
import { MfaCredentials, StoredSecondFactor } from './mfa-credentials';
import { RecoveryCodes } from './recovery-codes';
import { SecondFactor } from './second-factor';
import { TotpCodes } from './totp-codes';

/** In-memory stand-in for the tables of one account and its tenant. */
class FakeMfaCredentials {
  stored: StoredSecondFactor | undefined;
  tenantRequires = false;
  unusedRecoveryHashes = new Set<string>();

  async findFor() {
    return this.stored;
  }
  async tenantRequiresSecondFactor() {
    return this.tenantRequires;
  }
  async recordUsedStep(_manager: EntityManager, _account: Account, step: number) {
    this.stored!.lastUsedStep = step;
  }
  async consumeRecoveryCode(_manager: EntityManager, _account: Account, codeHash: string) {
    return this.unusedRecoveryHashes.delete(codeHash);
  }
}

describe('SecondFactor', () => {
  const totpCodes = new TotpCodes('Anpi');
  const recoveryCodes = new RecoveryCodes();
  const manager = {} as EntityManager;
  const account = (role: Account['role']) => ({ id: 'account-1', tenantId: 'tenant-1', role }) as Account;
  let credentials: FakeMfaCredentials;
  let audited: string[];
  let secondFactor: SecondFactor;

  beforeEach(() => {
    credentials = new FakeMfaCredentials();
    audited = [];
    const auditLog = { record: async (_manager: EntityManager, entry: { action: string }) => void audited.push(entry.action) } as unknown as AuditLog;
    secondFactor = new SecondFactor(credentials as unknown as MfaCredentials, totpCodes, recoveryCodes, auditLog);
  });

  const enrol = () => {
    credentials.stored = { secret: totpCodes.newSecret(), confirmed: true, lastUsedStep: null };
    return () => TOTP.generate({ secret: Secret.fromBase32(credentials.stored!.secret) });
  };

  it('passes an account without a second factor when the tenant does not require one', async () => {
    await expect(secondFactor.verify(manager, account('owner'), {})).resolves.toBe('passed');
  });

  it('sends an unenrolled admin to enrollment when the tenant requires it, but not a member', async () => {
    credentials.tenantRequires = true;
    await expect(secondFactor.verify(manager, account('admin'), {})).resolves.toBe('enrollment_required');
    await expect(secondFactor.verify(manager, account('member'), {})).resolves.toBe('passed');
  });

  it('asks an enrolled account for its code, accepts it once, and refuses its replay', async () => {
    const currentCode = enrol();
    await expect(secondFactor.verify(manager, account('owner'), {})).resolves.toBe('code_required');
    await expect(secondFactor.verify(manager, account('owner'), { oneTimeCode: currentCode() })).resolves.toBe('passed');
    await expect(secondFactor.verify(manager, account('owner'), { oneTimeCode: currentCode() })).resolves.toBe('code_wrong');
  });

  it('accepts a recovery code once instead of the code, and audits it', async () => {
    enrol();
    const { codes, hashes } = recoveryCodes.generate();
    credentials.unusedRecoveryHashes = new Set(hashes);
    await expect(secondFactor.verify(manager, account('admin'), { recoveryCode: codes[3] })).resolves.toBe('passed');
    await expect(secondFactor.verify(manager, account('admin'), { recoveryCode: codes[3] })).resolves.toBe('code_wrong');
    expect(audited).toEqual(['mfa_recovery_code_used']);
  });
});
