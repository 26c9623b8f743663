import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { AccountActivationMail } from '../activation/account-activation-mail';
import { InvitationsController } from './invitations.controller';
import { InviteAccount } from './invite-account';

@Module({})
export class InvitationsModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: InvitationsModule,
      imports: [core],
      controllers: [InvitationsController],
      providers: [
        {
          provide: InviteAccount,
          inject: [DataSource, AccountPersonalData, AccountActivationMail, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof InviteAccount>) => new InviteAccount(...dependencies),
        },
      ],
    };
  }
}
