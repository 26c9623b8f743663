import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { DatabaseConnectionSettings } from './database-config';
import { FailoverAwareClient } from './database-failover';

export interface DataSourceParts {
  applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

export type ConnectionRole = 'application' | 'migration';

/**
 * The one place that turns settings into TypeORM options. Timeouts are short on purpose:
 * a request must fail fast (and readiness turn red) rather than hang when the database does.
 */
export function buildDataSourceOptions(
  settings: DatabaseConnectionSettings,
  parts: DataSourceParts,
  role: ConnectionRole = 'application',
): DataSourceOptions {
  const asMigrator = role === 'migration';
  return {
    type: 'postgres',
    host: settings.PGHOST,
    port: settings.PGPORT,
    database: settings.DB_NAME,
    username: asMigrator ? (settings.DB_MIGRATION_USER ?? settings.DB_USER) : settings.DB_USER,
    password: asMigrator ? settings.DB_MIGRATION_PASSWORD : settings.DB_PASSWORD,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error'],
    applicationName: `${parts.applicationName}${asMigrator ? ':migrate' : ''}`,
    poolSize: asMigrator ? 1 : settings.DB_POOL_SIZE,
    connectTimeoutMS: 3_000,
    extra: {
      // Drops connections that failed with "server gone / read-only" (see database-failover.ts).
      Client: FailoverAwareClient,
      statement_timeout: settings.DB_STATEMENT_TIMEOUT_MS,
      // Client-side bound too: a primary that vanished without closing the socket must not
      // leave a request hanging (the server-side statement_timeout cannot fire then).
      query_timeout: settings.DB_STATEMENT_TIMEOUT_MS + 2_000,
      idle_in_transaction_session_timeout: 30_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    },
  };
}

export function createDataSource(
  settings: DatabaseConnectionSettings,
  parts: DataSourceParts,
  role: ConnectionRole = 'application',
): DataSource {
  return new DataSource(buildDataSourceOptions(settings, parts, role));
}
