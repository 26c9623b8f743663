import { DataSource } from 'typeorm';

/**
 * Runs pending migrations as the owner role and reports what it did. Called by each
 * service's `migrate` entry point (a command, a Kubernetes Job hook) — never on boot.
 */
export async function runMigrations(dataSource: DataSource, log: (line: string) => void = console.log): Promise<number> {
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    for (const migration of applied) {
      log(`applied ${migration.name}`);
    }
    log(`${dataSource.options.database}: ${applied.length} migration(s) applied, schema up to date`);
    return applied.length;
  } finally {
    await dataSource.destroy();
  }
}

/** Entry-point wrapper: exit 0 on success, 1 with the error's message otherwise. */
export function runMigrationsAndExit(dataSource: DataSource): void {
  runMigrations(dataSource).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
