import { AccessTokenGuard, CurrentPrincipal, Principal } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, HttpCode, Ip, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { LogIn, LogInCommand, logInCommandSchema } from './log-in';
import { withRetryAfter } from './password-authentication';
import { LogOut, RefreshSession, RefreshTokenCommand, refreshTokenCommandSchema } from './refresh-session';
import { SessionTokens } from './session-tokens';

@Controller('v1/sessions')
export class SessionsController {
  constructor(
    private readonly logIn: LogIn,
    private readonly refreshSession: RefreshSession,
    private readonly logOut: LogOut,
  ) {}

  @Post()
  @HttpCode(200)
  create(
    @Body(new ZodValidationPipe(logInCommandSchema)) command: LogInCommand,
    @Ip() clientAddress: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionTokens> {
    return withRetryAfter(reply, this.logIn.execute(command, clientAddress));
  }

  @Post('refresh')
  @HttpCode(200)
  refresh(@Body(new ZodValidationPipe(refreshTokenCommandSchema)) command: RefreshTokenCommand): Promise<SessionTokens> {
    return this.refreshSession.execute(command);
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Body(new ZodValidationPipe(refreshTokenCommandSchema)) command: RefreshTokenCommand): Promise<void> {
    return this.logOut.execute(command);
  }

  /** Who the access token says the caller is. */
  @Get('current')
  @UseGuards(AccessTokenGuard)
  current(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
