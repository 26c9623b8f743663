import { DataSourceParts } from '@anpi/persistence';
import { KnownTenant } from '@anpi/tenant-projection';
import { Initial1764100000000 } from './migrations/1764100000000-initial';

export const alertDispatchServiceDatabase: DataSourceParts = {
  applicationName: 'alert-dispatch-service',
  entities: [KnownTenant],
  migrations: [Initial1764100000000],
};
