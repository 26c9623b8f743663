import { ServiceRootModule } from '@anpi/service-bootstrap';
import { DynamicModule } from '@nestjs/common';
import { TenantServiceConfig } from './config';
import { tenantServiceDatabase } from './database';
import { DirectoryModule } from './directory.module';
import { PlatformModule } from './platform/platform.module';
import { TenantsModule } from './tenants/tenants.module';

export function tenantServiceModule(config: TenantServiceConfig): DynamicModule {
  return ServiceRootModule.forRoot({
    serviceName: 'tenant-service',
    config,
    database: tenantServiceDatabase,
    features: [TenantsModule, DirectoryModule.forRoot(config), PlatformModule.forRoot(config)],
  });
}
