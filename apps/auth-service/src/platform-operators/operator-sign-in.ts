import { normaliseEmail } from '@anpi/field-encryption';
import { UnauthorizedException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { TotpCodes } from '../mfa/totp-codes';
import { PasswordHasher } from '../passwords/password-hasher';
import { MAXIMUM_PASSWORD_LENGTH } from '../passwords/password-policy';
import { LoginThrottle } from '../sessions/login-throttle';
import { TooManyAttempts } from '../sessions/password-authentication';
import { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { PlatformOperatorStore } from './platform-operator-store';

/** An operator always proves a second factor: there is no operator without TOTP. */
export const operatorSignInSchema = z
  .object({
    email: z.string().min(3).max(254),
    password: z.string().min(1).max(MAXIMUM_PASSWORD_LENGTH * 4),
    oneTimeCode: z.string().regex(/^\d{6}$/, 'six digits'),
  })
  .strict();

export type OperatorSignInCommand = z.infer<typeof operatorSignInSchema>;

export interface OperatorSession {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
}

/** Throttle scope of operator sign-ins: their counters never mix with a tenant's. */
const THROTTLE_SCOPE = 'platform-operators';

/** One answer for a wrong e-mail, password or code, so a refusal never says which part was wrong. */
const wrongCredentials = () => new UnauthorizedException('wrong e-mail, password or code');

type Outcome = { signedIn: true; operatorId: string } | { signedIn: false; operatorId: string | null };

/**
 * E-mail + password + TOTP code, all three every time, then a short access token for the
 * platform audience (no refresh token: an operator signs in again). An unknown e-mail costs
 * one argon2 verification like a known one. Throttled like tenant logins, and every attempt,
 * refused or not, is in the operator audit log.
 */
export class OperatorSignIn {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PlatformOperatorStore,
    private readonly hasher: PasswordHasher,
    private readonly totpCodes: TotpCodes,
    private readonly throttle: LoginThrottle,
    private readonly tokens: AccessTokenIssuer,
  ) {}

  async execute(command: OperatorSignInCommand, clientAddress: string): Promise<OperatorSession> {
    const subjects = this.throttle.subjectsFor(THROTTLE_SCOPE, normaliseEmail(command.email), clientAddress);
    const lockedSeconds = await this.throttle.secondsLocked(subjects);
    if (lockedSeconds > 0) throw new TooManyAttempts(lockedSeconds);
    // Outcomes are returned, not thrown, so the audit entry and a consumed code commit even when refused.
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const operator = await this.store.findByEmail(manager, command.email);
      const check = await this.hasher.check(operator?.status === 'active' ? operator.passwordHash : null, command.password);
      const step = operator && check.matches ? this.totpCodes.acceptedStep(operator.totpSecret, command.oneTimeCode, operator.lastUsedStep) : undefined;
      if (!operator || step === undefined) {
        const reason = !operator ? 'unknown_email' : check.matches ? 'wrong_code' : 'wrong_password';
        await this.store.audit(manager, { operatorId: operator?.id ?? null, action: 'operator_sign_in_refused', ip: clientAddress, details: { reason } });
        return { signedIn: false, operatorId: operator?.id ?? null };
      }
      await this.store.recordUsedStep(manager, operator.id, step);
      if (check.needsRehash) await this.store.replacePasswordHash(manager, operator.id, await this.hasher.hash(command.password));
      await this.store.audit(manager, { operatorId: operator.id, action: 'operator_signed_in', ip: clientAddress });
      return { signedIn: true, operatorId: operator.id };
    });
    if (!outcome.signedIn) {
      await this.throttle.recordFailure(subjects);
      throw wrongCredentials();
    }
    await this.throttle.recordSuccess(subjects);
    const issued = await this.tokens.issueForPlatformOperator(outcome.operatorId);
    return { tokenType: 'Bearer', ...issued };
  }
}
