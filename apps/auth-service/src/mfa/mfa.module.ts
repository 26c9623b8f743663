import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { PasswordAuthentication } from '../sessions/password-authentication';
import { MfaController } from './mfa.controller';
import { MfaCredentials } from './mfa-credentials';
import { MfaEnrollment } from './mfa-enrollment';
import { RecoveryCodes } from './recovery-codes';
import { TenantSecuritySettings } from './security-settings';
import { TotpCodes } from './totp-codes';

/** TOTP enrollment and the company setting that makes it compulsory for owners and admins. */
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
      ],
    };
  }
}
