import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { z } from 'zod';
import { SecondFactor, SecondFactorVerdict } from '../mfa/second-factor';
import { credentialFields, NextStepOutcome, PasswordAuthentication } from './password-authentication';
import { SessionTokenService, SessionTokens } from './session-tokens';

export const logInCommandSchema = z
  .object({
    ...credentialFields,
    /** The 6-digit code of the authenticator app, when the account has a second factor. */
    oneTimeCode: z.string().regex(/^\d{6}$/).optional(),
    /** Instead of the code, one of the account's one-time recovery codes. */
    recoveryCode: z.string().min(16).max(40).optional(),
  })
  .strict();

export type LogInCommand = z.infer<typeof logInCommandSchema>;

type Refusal = Extract<NextStepOutcome<never>, { passed: false }>;

const refusal = (exception: HttpException, countsAsFailure: boolean): Refusal => ({ passed: false, refusal: exception, countsAsFailure });

/** A wrong code is a guess at a secret and is throttled like a wrong password; the others are not guesses. */
const SECOND_FACTOR_REFUSALS: Record<Exclude<SecondFactorVerdict, 'passed'>, () => Refusal> = {
  code_required: () => refusal(new UnauthorizedException({ error: 'mfa_code_required', message: 'enter the code of your authenticator app' }), false),
  code_wrong: () => refusal(new UnauthorizedException({ error: 'mfa_code_wrong', message: 'wrong or already used code' }), true),
  enrollment_required: () =>
    refusal(new ForbiddenException({ error: 'mfa_enrollment_required', message: 'your company requires two-step verification: set it up first' }), false),
};

/** Password, then the second factor where there is one, then a new session. */
export class LogIn {
  constructor(
    private readonly authentication: PasswordAuthentication,
    private readonly secondFactor: SecondFactor,
    private readonly sessions: SessionTokenService,
  ) {}

  execute(command: LogInCommand, clientAddress: string): Promise<SessionTokens> {
    return this.authentication.authenticate(command, clientAddress, async (manager, account): Promise<NextStepOutcome<SessionTokens>> => {
      const verdict = await this.secondFactor.verify(manager, account, command);
      if (verdict !== 'passed') return SECOND_FACTOR_REFUSALS[verdict]();
      return { passed: true, value: await this.sessions.start(manager, account) };
    });
  }
}
