import { ServiceRootModule } from '@anpi/service-bootstrap';
import { DynamicModule } from '@nestjs/common';
import { AccountsModule } from './accounts/accounts.module';
import { AuthServiceConfig } from './config';
import { authServiceDatabase } from './database';

export function authServiceModule(config: AuthServiceConfig): DynamicModule {
  return ServiceRootModule.forRoot({
    serviceName: 'auth-service',
    config,
    database: authServiceDatabase,
    features: [AccountsModule.forRoot(config)],
  });
}
