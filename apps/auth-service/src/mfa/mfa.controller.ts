import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, Ip, Param, ParseUUIDPipe, Post, Put, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { withRetryAfter } from '../sessions/password-authentication';
import {
  ConfirmedEnrollment,
  ConfirmEnrollmentCommand,
  confirmEnrollmentCommandSchema,
  EnrollmentSecret,
  MfaEnrollment,
  StartEnrollmentCommand,
  startEnrollmentCommandSchema,
} from './mfa-enrollment';
import { SecondFactorReset, SecondFactorResetOutcome, SecondFactorState, SecondFactorStatus } from './second-factor-reset';
import { SecuritySettings, securitySettingsSchema, TenantSecuritySettings } from './security-settings';

@Controller('v1')
export class MfaController {
  constructor(
    private readonly enrollment: MfaEnrollment,
    private readonly securitySettings: TenantSecuritySettings,
    private readonly secondFactorStatus: SecondFactorStatus,
    private readonly secondFactorReset: SecondFactorReset,
  ) {}

  /** Whether the caller's own account has two-step verification set up. */
  @Get('mfa/status')
  @UseGuards(AccessTokenGuard)
  status(@CurrentPrincipal() principal: Principal): Promise<{ secondFactor: SecondFactorState }> {
    return this.secondFactorStatus.of(principal);
  }

  /** An owner removes another account's second factor (lost phone and recovery codes); see SecondFactorReset. */
  @Post('accounts/:accountId/second-factor/reset')
  @HttpCode(200)
  @UseGuards(AccessTokenGuard)
  @Roles('owner')
  reset(@CurrentPrincipal() principal: Principal, @Param('accountId', new ParseUUIDPipe()) accountId: string): Promise<SecondFactorResetOutcome> {
    return this.secondFactorReset.execute(principal, accountId);
  }

  @Post('mfa/enrollment')
  @HttpCode(201)
  start(
    @Body(new ZodValidationPipe(startEnrollmentCommandSchema)) command: StartEnrollmentCommand,
    @Ip() clientAddress: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnrollmentSecret> {
    return withRetryAfter(reply, this.enrollment.start(command, clientAddress));
  }

  @Post('mfa/enrollment/confirmation')
  @HttpCode(200)
  confirm(
    @Body(new ZodValidationPipe(confirmEnrollmentCommandSchema)) command: ConfirmEnrollmentCommand,
    @Ip() clientAddress: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConfirmedEnrollment> {
    return withRetryAfter(reply, this.enrollment.confirm(command, clientAddress));
  }

  @Get('security-settings')
  @UseGuards(AccessTokenGuard)
  @Roles('owner', 'admin')
  read(@CurrentPrincipal() principal: Principal): Promise<SecuritySettings> {
    return this.securitySettings.read(principal);
  }

  /** Only an owner decides what the company's admins must do. */
  @Put('security-settings')
  @UseGuards(AccessTokenGuard)
  @Roles('owner')
  update(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(securitySettingsSchema)) settings: SecuritySettings): Promise<SecuritySettings> {
    return this.securitySettings.update(principal, settings);
  }
}
