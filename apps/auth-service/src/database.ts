import { DataSourceParts } from '@anpi/persistence';
import { Account } from './accounts/account.entity';
import { Initial1764100000000 } from './migrations/1764100000000-initial';

export const authServiceDatabase: DataSourceParts = {
  applicationName: 'auth-service',
  entities: [Account],
  migrations: [Initial1764100000000],
};
