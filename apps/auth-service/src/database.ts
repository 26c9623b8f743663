import { DataSourceParts } from '@anpi/persistence';
import { Account } from './accounts/account.entity';
import { Initial1764100000000 } from './migrations/1764100000000-initial';
import { Credentials1764300000000 } from './migrations/1764300000000-credentials';
import { Mfa1764400000000 } from './migrations/1764400000000-mfa';
import { PlatformOperators1765100000000 } from './migrations/1765100000000-platform-operators';
import { DirectoryPerson1766100000000 } from './migrations/1766100000000-directory-person';

export const authServiceDatabase: DataSourceParts = {
  applicationName: 'auth-service',
  entities: [Account],
  migrations: [Initial1764100000000, Credentials1764300000000, Mfa1764400000000, PlatformOperators1765100000000, DirectoryPerson1766100000000],
};
