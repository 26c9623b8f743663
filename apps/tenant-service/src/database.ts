import { DataSourceParts } from '@anpi/persistence';
import { Initial1764100000000 } from './migrations/1764100000000-initial';
import { Directory1764200000000 } from './migrations/1764200000000-directory';
import { ImportJobs1764700000000 } from './migrations/1764700000000-import-jobs';
import { Offboarding1765000000000 } from './migrations/1765000000000-offboarding';
import { PlatformOperations1765100000000 } from './migrations/1765100000000-platform-operations';
import { LineContact1766000000000 } from './migrations/1766000000000-line-contact';
import { SignupRequest } from './tenants/signup-request.entity';
import { Tenant } from './tenants/tenant.entity';

export const tenantServiceDatabase: DataSourceParts = {
  applicationName: 'tenant-service',
  entities: [Tenant, SignupRequest],
  migrations: [Initial1764100000000, Directory1764200000000, ImportJobs1764700000000, Offboarding1765000000000, PlatformOperations1765100000000, LineContact1766000000000],
};
