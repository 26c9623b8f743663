import { loadConfig } from '@anpi/config';
import { buildDataSourceOptions } from '@anpi/persistence';
import { localServiceEnvironment, ScratchDatabase } from '@anpi/testing';
import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';

/**
 * A scratch database with dispatch's migrations, opened as the superuser: for tests that run
 * the migrations up and down and write rows the application role could not. Nothing migrated yet.
 */
export async function openScratchDispatchDatabase(prefix: string): Promise<{ database: ScratchDatabase; dataSource: DataSource }> {
  const database = await ScratchDatabase.create(prefix);
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_NAME: database.name }));
  const options = buildDataSourceOptions(config, alertDispatchServiceDatabase, 'migration') as PostgresConnectionOptions;
  const dataSource = await new DataSource({ ...options, username: 'postgres', password: undefined }).initialize();
  return { database, dataSource };
}

/** Every slice of every round of the alert is done (false while none is queued yet). */
export async function fanOutFinished(dataSource: DataSource, alertId: string): Promise<boolean> {
  const [{ done }]: { done: boolean | null }[] = await dataSource.query(`SELECT bool_and(status = 'done') AS done FROM fan_out_jobs WHERE alert_id = $1`, [alertId]);
  return done === true;
}
