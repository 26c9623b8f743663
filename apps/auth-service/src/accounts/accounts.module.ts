import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountActivationMail } from '../activation/account-activation-mail';
import { AuthServiceConfig } from '../config';
import { DeleteExpiredAccounts } from '../offboarding/delete-expired-accounts';
import { DisableAccount } from '../offboarding/disable-account';
import { MfaCredentials } from '../mfa/mfa-credentials';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { SessionTokenService } from '../sessions/session-tokens';
import { AccountPersonalData } from './account-emails';
import { AccountsController } from './accounts.controller';
import { AuditLog } from './audit-log';
import { DirectoryPersonLink } from './directory-person-link';
import { LoginTenants } from './login-tenants';
import { ProvisionOwnerAccount } from './provision-owner-account';
import { ResendInvitation } from './resend-invitation';
import { TeamMembers } from './team-members';

/** Accounts' life: provisioning from tenant.created, the lists (internal and the console's team), re-sent invitations, the directory person link, off-boarding. */
@Module({})
export class AccountsModule {
  static forRoot(config: AuthServiceConfig, core: DynamicModule): DynamicModule {
    return {
      module: AccountsModule,
      imports: [core],
      controllers: [AccountsController],
      providers: [
        {
          provide: ProvisionOwnerAccount,
          inject: [AccountPersonalData, LoginTenants, AccountActivationMail, AuditLog],
          useFactory: (personalData: AccountPersonalData, loginTenants: LoginTenants, mail: AccountActivationMail, auditLog: AuditLog) =>
            new ProvisionOwnerAccount(personalData, loginTenants, mail, auditLog),
        },
        {
          provide: DisableAccount,
          inject: [DataSource, SessionTokenService, AccessRevocationAnnouncer, AuditLog],
          useFactory: (dataSource: DataSource, sessions: SessionTokenService, announcer: AccessRevocationAnnouncer, auditLog: AuditLog) =>
            new DisableAccount(dataSource, sessions, announcer, auditLog, config.ACCOUNT_DELETION_GRACE_DAYS),
        },
        {
          provide: TeamMembers,
          inject: [DataSource, AccountPersonalData, MfaCredentials],
          useFactory: (...dependencies: ConstructorParameters<typeof TeamMembers>) => new TeamMembers(...dependencies),
        },
        {
          provide: ResendInvitation,
          inject: [DataSource, AccountPersonalData, AccountActivationMail, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof ResendInvitation>) => new ResendInvitation(...dependencies),
        },
        {
          provide: DirectoryPersonLink,
          inject: [DataSource, AccessRevocationAnnouncer, AuditLog],
          useFactory: (dataSource: DataSource, announcer: AccessRevocationAnnouncer, auditLog: AuditLog) => new DirectoryPersonLink(dataSource, announcer, auditLog),
        },
        {
          provide: DeleteExpiredAccounts,
          inject: [DataSource, LoginTenants, AuditLog],
          useFactory: (dataSource: DataSource, loginTenants: LoginTenants, auditLog: AuditLog) =>
            new DeleteExpiredAccounts(dataSource, loginTenants, auditLog, config.ACCOUNT_DELETION_INTERVAL_SECONDS),
        },
      ],
    };
  }
}
