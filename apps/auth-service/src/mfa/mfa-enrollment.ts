import { ConflictException, ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { z } from 'zod';
import { Account } from '../accounts/account.entity';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { credentialFields, NextStepOutcome, PasswordAuthentication } from '../sessions/password-authentication';
import { MfaCredentials, StoredSecondFactor } from './mfa-credentials';
import { RecoveryCodes } from './recovery-codes';
import { ROLES_WITH_SECOND_FACTOR } from './second-factor-requirement';
import { TotpCodes } from './totp-codes';

export const startEnrollmentCommandSchema = z.object(credentialFields).strict();
export type StartEnrollmentCommand = z.infer<typeof startEnrollmentCommandSchema>;

export const confirmEnrollmentCommandSchema = z.object({ ...credentialFields, oneTimeCode: z.string().regex(/^\d{6}$/) }).strict();
export type ConfirmEnrollmentCommand = z.infer<typeof confirmEnrollmentCommandSchema>;

export interface EnrollmentSecret {
  /** For the authenticator app's QR code; shown this once, never again. */
  otpauthUri: string;
  secret: string;
}

export interface ConfirmedEnrollment {
  /** Each usable once instead of a code; shown this once, stored only as hashes. */
  recoveryCodes: string[];
}

const refused = (exception: HttpException, countsAsFailure = false) => ({ passed: false as const, refusal: exception, countsAsFailure });
const notForThisRole = () => refused(new ForbiddenException('two-step verification is for owners and admins'));
const alreadyEnrolled = () => refused(new ConflictException('two-step verification is already set up for this account'));

/**
 * Setting up TOTP. It authenticates with the password rather than an access token, because an
 * owner whose company requires a second factor gets no token until it is set up; the password
 * step is throttled exactly like a login. A confirmed second factor is never replaced here, so
 * a stolen password cannot swap it for the thief's.
 */
export class MfaEnrollment {
  constructor(
    private readonly authentication: PasswordAuthentication,
    private readonly credentials: MfaCredentials,
    private readonly totpCodes: TotpCodes,
    private readonly recoveryCodes: RecoveryCodes,
    private readonly personalData: AccountPersonalData,
    private readonly auditLog: AuditLog,
  ) {}

  start(command: StartEnrollmentCommand, clientAddress: string): Promise<EnrollmentSecret> {
    return this.authentication.authenticate(command, clientAddress, async (manager, account): Promise<NextStepOutcome<EnrollmentSecret>> => {
      const refusal = refusalToEnrol(account, await this.credentials.findFor(manager, account));
      if (refusal) return refusal;
      const secret = this.totpCodes.newSecret();
      await this.credentials.storeUnconfirmed(manager, account, secret);
      return { passed: true, value: { secret, otpauthUri: this.totpCodes.enrollmentUri(secret, this.personalData.emailOf(account)) } };
    });
  }

  confirm(command: ConfirmEnrollmentCommand, clientAddress: string): Promise<ConfirmedEnrollment> {
    return this.authentication.authenticate(command, clientAddress, async (manager, account): Promise<NextStepOutcome<ConfirmedEnrollment>> => {
      const pending = await this.credentials.findFor(manager, account);
      const refusal = refusalToEnrol(account, pending);
      if (refusal) return refusal;
      const step = pending && this.totpCodes.acceptedStep(pending.secret, command.oneTimeCode, pending.lastUsedStep);
      if (step === undefined) return refused(new UnauthorizedException({ error: 'mfa_code_wrong', message: 'wrong code, or no set-up in progress' }), true);
      const { codes, hashes } = this.recoveryCodes.generate();
      await this.credentials.confirm(manager, account, step, hashes);
      await this.auditLog.record(manager, { tenantId: account.tenantId, accountId: account.id, action: 'mfa_enrolled' });
      return { passed: true, value: { recoveryCodes: codes } };
    });
  }
}

function refusalToEnrol(account: Account, stored: StoredSecondFactor | undefined) {
  if (!ROLES_WITH_SECOND_FACTOR.includes(account.role)) return notForThisRole();
  return stored?.confirmed ? alreadyEnrolled() : undefined;
}
