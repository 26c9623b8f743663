import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { readLocalStackSettings } from './local-stack';

/**
 * A throwaway database on the local PostgreSQL for a library's integration tests (the
 * services' own databases are left alone). Dropped again by `drop()`.
 */
export class ScratchDatabase {
  private constructor(readonly name: string) {}

  static async create(prefix: string): Promise<ScratchDatabase> {
    const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
    await superuser(async (client) => client.query(`CREATE DATABASE ${name}`));
    return new ScratchDatabase(name);
  }

  /** A TypeORM data source on this database as the superuser (tests set up schema freely). */
  dataSource(): DataSource {
    const settings = readLocalStackSettings();
    return new DataSource({
      type: 'postgres',
      host: settings.PGHOST,
      port: Number(settings.PGPORT),
      username: 'postgres',
      database: this.name,
      poolSize: 5,
    });
  }

  async drop(): Promise<void> {
    await superuser(async (client) => client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`));
  }
}

async function superuser<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const settings = readLocalStackSettings();
  const client = new Client({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Reverts the newest migrations down to and including `name`, however many have come after it,
 * so a test of one migration's way down does not break when the next migration lands.
 */
export async function undoMigrationsThrough(dataSource: DataSource, name: string): Promise<void> {
  for (;;) {
    const [newest]: { name: string }[] = await dataSource.query(`SELECT name FROM ${dataSource.options.migrationsTableName ?? 'migrations'} ORDER BY id DESC LIMIT 1`);
    if (!newest) throw new Error(`migration ${name} is not applied`);
    await dataSource.undoLastMigration({ transaction: 'each' });
    if (newest.name === name) return;
  }
}
