import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import { InviteAccount, InviteCommand, inviteCommandSchema } from './invite-account';

@Controller('v1/invitations')
@UseGuards(AccessTokenGuard)
export class InvitationsController {
  constructor(private readonly inviteAccount: InviteAccount) {}

  @Post()
  @Roles('owner', 'admin')
  invite(@CurrentPrincipal() inviter: Principal, @Body(new ZodValidationPipe(inviteCommandSchema)) command: InviteCommand) {
    return this.inviteAccount.execute(inviter, command);
  }
}
