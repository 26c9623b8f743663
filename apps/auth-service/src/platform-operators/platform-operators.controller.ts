import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { withRetryAfter } from '../sessions/password-authentication';
import { OperatorSession, OperatorSignIn, OperatorSignInCommand, operatorSignInSchema } from './operator-sign-in';

/** Sign-in of platform operators; their tokens are good only for the platform API (tenant-service). */
@Controller('v1/platform/sessions')
export class PlatformOperatorsController {
  constructor(private readonly signIn: OperatorSignIn) {}

  @Post()
  @HttpCode(200)
  create(
    @Body(new ZodValidationPipe(operatorSignInSchema)) command: OperatorSignInCommand,
    @Ip() clientAddress: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OperatorSession> {
    return withRetryAfter(reply, this.signIn.execute(command, clientAddress));
  }
}
