import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { PasswordResetRequest, passwordResetRequestSchema, RequestPasswordReset } from '../password-reset/request-password-reset';
import { SetPasswordCommand, setPasswordCommandSchema, SetPasswordFromEmailedToken } from './activate-account';

/** The two e-mailed links: set a first password (activation) and reset a forgotten one. */
@Controller('v1')
export class CredentialsController {
  constructor(
    private readonly setPassword: SetPasswordFromEmailedToken,
    private readonly requestReset: RequestPasswordReset,
  ) {}

  @Post('account-activations')
  @HttpCode(204)
  activate(@Body(new ZodValidationPipe(setPasswordCommandSchema)) command: SetPasswordCommand): Promise<void> {
    return this.setPassword.execute('activation', command);
  }

  @Post('password-resets')
  @HttpCode(202)
  async requestPasswordReset(@Body(new ZodValidationPipe(passwordResetRequestSchema)) request: PasswordResetRequest): Promise<{ accepted: true }> {
    await this.requestReset.execute(request);
    return { accepted: true };
  }

  @Post('password-resets/complete')
  @HttpCode(204)
  completePasswordReset(@Body(new ZodValidationPipe(setPasswordCommandSchema)) command: SetPasswordCommand): Promise<void> {
    return this.setPassword.execute('password_reset', command);
  }
}
