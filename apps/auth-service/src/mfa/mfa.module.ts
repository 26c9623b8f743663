import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { PasswordAuthentication } from '../sessions/password-authentication';
import { MfaController } from './mfa.controller';
import { MfaCredentials } from './mfa-credentials';
import { MfaEnrollment } from './mfa-enrollment';
import { RecoveryCodes } from './recovery-codes';
import { OutgoingMails } from '../mail/outgoing-mail';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { SessionTokenService } from '../sessions/session-tokens';
import { SecondFactorReset, SecondFactorStatus } from './second-factor-reset';
import { TenantSecuritySettings } from './security-settings';
import { TotpCodes } from './totp-codes';

/** TOTP enrollment, its status and an owner's reset of someone else's, and the company setting that makes it compulsory for owners and admins. */
@Module({})
export class MfaModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: MfaModule,
      imports: [core],
      controllers: [MfaController],
      providers: [
        {
          provide: MfaEnrollment,
          inject: [PasswordAuthentication, MfaCredentials, TotpCodes, RecoveryCodes, AccountPersonalData, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof MfaEnrollment>) => new MfaEnrollment(...dependencies),
        },
        {
          provide: TenantSecuritySettings,
          inject: [DataSource, MfaCredentials, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof TenantSecuritySettings>) => new TenantSecuritySettings(...dependencies),
        },
        {
          provide: SecondFactorStatus,
          inject: [DataSource, MfaCredentials],
          useFactory: (...dependencies: ConstructorParameters<typeof SecondFactorStatus>) => new SecondFactorStatus(...dependencies),
        },
        {
          provide: SecondFactorReset,
          inject: [DataSource, MfaCredentials, SessionTokenService, AccessRevocationAnnouncer, AccountPersonalData, OutgoingMails, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof SecondFactorReset>) => new SecondFactorReset(...dependencies),
        },
      ],
    };
  }
}
