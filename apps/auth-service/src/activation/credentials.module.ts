import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { LoginTenants } from '../accounts/login-tenants';
import { PASSWORD_RESET_LINKS } from '../core/auth-core.module';
import { EmailedTokens } from '../emailed-tokens/emailed-tokens';
import { OutgoingMails } from '../mail/outgoing-mail';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { PasswordHasher } from '../passwords/password-hasher';
import { PasswordPolicy } from '../passwords/password-policy';
import { RequestPasswordReset } from '../password-reset/request-password-reset';
import { SessionTokenService } from '../sessions/session-tokens';
import { SetPasswordFromEmailedToken } from './activate-account';
import { CredentialsController } from './credentials.controller';

/** Setting a password from an e-mailed link: activation and password reset. */
@Module({})
export class CredentialsModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: CredentialsModule,
      imports: [core],
      controllers: [CredentialsController],
      providers: [
        {
          provide: SetPasswordFromEmailedToken,
          inject: [DataSource, EmailedTokens, PasswordHasher, PasswordPolicy, AccountPersonalData, SessionTokenService, AuditLog, AccessRevocationAnnouncer],
          useFactory: (...dependencies: ConstructorParameters<typeof SetPasswordFromEmailedToken>) => new SetPasswordFromEmailedToken(...dependencies),
        },
        {
          provide: RequestPasswordReset,
          inject: [DataSource, LoginTenants, AccountPersonalData, EmailedTokens, OutgoingMails, PASSWORD_RESET_LINKS],
          useFactory: (...dependencies: ConstructorParameters<typeof RequestPasswordReset>) => new RequestPasswordReset(...dependencies),
        },
      ],
    };
  }
}
