import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { OutgoingMails } from '../mail/outgoing-mail';
import { TotpCodes } from '../mfa/totp-codes';
import { AdministratorMails } from '../mail/administrator-mails';
import { OperatorNoticesController } from '../operator-notices/operator-notices.controller';
import { PasswordHasher } from '../passwords/password-hasher';
import { LoginThrottle } from '../sessions/login-throttle';
import { TenantStatusController } from '../tenant-status/tenant-status.controller';
import { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { OperatorSignIn } from './operator-sign-in';
import { PlatformOperatorStore } from './platform-operator-store';
import { PlatformOperatorsController } from './platform-operators.controller';

/**
 * Sign-in of platform operators (created by the bootstrap command, src/bootstrap-operator.ts),
 * and what their decisions mean here: a suspended tenant cannot sign in (tenant.status-changed),
 * a notice is e-mailed to each tenant's owners and admins (tenant.notice-posted).
 */
@Module({})
export class PlatformOperatorsModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: PlatformOperatorsModule,
      imports: [core],
      controllers: [PlatformOperatorsController, TenantStatusController, OperatorNoticesController],
      providers: [
        {
          provide: OperatorSignIn,
          inject: [DataSource, PlatformOperatorStore, PasswordHasher, TotpCodes, LoginThrottle, AccessTokenIssuer],
          useFactory: (...dependencies: ConstructorParameters<typeof OperatorSignIn>) => new OperatorSignIn(...dependencies),
        },
        {
          provide: AdministratorMails,
          inject: [AccountPersonalData, OutgoingMails],
          useFactory: (personalData: AccountPersonalData, mails: OutgoingMails) => new AdministratorMails(personalData, mails),
        },
      ],
    };
  }
}
