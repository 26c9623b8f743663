import { ServiceRootModule } from '@anpi/service-bootstrap';
import { DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { CredentialsModule } from './activation/credentials.module';
import { DisasterNoticesModule } from './disaster-notices/disaster-notices.module';
import { AuthServiceConfig } from './config';
import { AuthCoreModule } from './core/auth-core.module';
import { authServiceDatabase } from './database';
import { InvitationsModule } from './invitations/invitations.module';
import { MfaModule } from './mfa/mfa.module';
import { PlatformOperatorsModule } from './platform-operators/platform-operators.module';
import { SessionsModule } from './sessions/sessions.module';
import { TokensModule } from './tokens/tokens.module';

export function authServiceModule(config: AuthServiceConfig): DynamicModule {
  // One instance shared by every feature (same object → same module to Nest).
  const core = AuthCoreModule.forRoot(config);
  return ServiceRootModule.forRoot({
    serviceName: 'auth-service',
    config,
    database: authServiceDatabase,
    features: [
      AccountsModule.forRoot(config, core),
      SessionsModule.forRoot(core),
      CredentialsModule.forRoot(core),
      InvitationsModule.forRoot(core),
      TokensModule.forRoot(config, core),
      MfaModule.forRoot(core),
      PlatformOperatorsModule.forRoot(core),
      DisasterNoticesModule.forRoot(config, core),
      AuditModule.forRoot(core),
    ],
  });
}
