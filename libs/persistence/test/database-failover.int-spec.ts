import { ScratchDatabase, readLocalStackSettings } from '@anpi/testing';
import { Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { DatabaseReadinessCheck, FailoverAwareClient, createDataSource, retryOnFailover, runInTenantTransaction } from '../src';

/**
 * What a service's pool does when its connections die under it (a failover): on the real
 * PostgreSQL, a pooled connection is terminated by the server or turned read-only, and the
 * pool must drop it and carry on with a fresh one. The full failover (Patroni, HAProxy) is
 * apps/ha-e2e.
 */
describe('database connections across a failover', () => {
  let scratch: ScratchDatabase;
  let admin: DataSource;
  let pool: DataSource;

  beforeAll(async () => {
    scratch = await ScratchDatabase.create('persistence_failover');
    admin = await scratch.dataSource().initialize();
    await admin.query('CREATE TABLE answers (id int PRIMARY KEY)');
    const settings = readLocalStackSettings();
    pool = await createDataSource(
      {
        PGHOST: settings.PGHOST,
        PGPORT: Number(settings.PGPORT),
        DB_NAME: scratch.name,
        DB_USER: 'postgres',
        DB_PASSWORD: '',
        DB_MIGRATION_PASSWORD: '',
        DB_POOL_SIZE: 1,
        DB_STATEMENT_TIMEOUT_MS: 5_000,
      },
      { applicationName: 'persistence-failover-test', entities: [], migrations: [] },
    ).initialize();
  });

  afterAll(async () => {
    await pool?.destroy();
    await admin?.destroy();
    await scratch?.drop();
  });

  const backendPid = async (): Promise<number> => (await pool.query('SELECT pg_backend_pid() AS pid'))[0].pid;
  const backendPidOf = async (manager: EntityManager): Promise<number> => (await manager.query('SELECT pg_backend_pid() AS pid'))[0].pid;
  const waitUntilRunning = async (pid: number, statement: string): Promise<void> => {
    for (;;) {
      const running = await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query = $2", [pid, statement]);
      if (running.length > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  it('survives the server ending a connection nobody is querying on: the client ends, the process does not', async () => {
    const settings = readLocalStackSettings();
    const client = new FailoverAwareClient({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: scratch.name });
    await client.connect();
    const [{ pid }] = (await client.query('SELECT pg_backend_pid() AS pid')).rows;
    // (Not events.once: it rejects on the very 'error' event this is about.)
    const ended = new Promise((resolve) => client.once('end', resolve));
    // Without a listener of its own, the FATAL message that follows would be an unhandled 'error' event (the process would exit).
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await ended;
    await expect(client.query('SELECT 1')).rejects.toThrow(/not queryable|Connection terminated/);
  });

  it('drops a connection the server terminated and serves the next query on a new one', async () => {
    const before = await backendPid();
    await admin.query('SELECT pg_terminate_backend($1)', [before]);

    // The only pooled connection is dead; retryOnFailover absorbs the one failure it causes.
    const after = await retryOnFailover(backendPid, { initialDelayMs: 50 });

    expect(after).not.toBe(before);
  });

  it('drops a connection that became read-only (a demoted primary) instead of lending it out again', async () => {
    const before = await backendPid();
    // What a client sees when the node behind its connection is now a standby: SQLSTATE 25006.
    await pool.query('SET SESSION default_transaction_read_only = on');

    await expect(pool.query('INSERT INTO answers VALUES (1)')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '25006' }) });
    await pool.query('INSERT INTO answers VALUES (2)');

    expect(await backendPid()).not.toBe(before);
    expect(await admin.query('SELECT id FROM answers ORDER BY id')).toEqual([{ id: 2 }]);
  });

  it('keeps a connection after an ordinary SQL error', async () => {
    const before = await backendPid();

    await expect(pool.query('INSERT INTO answers VALUES (2)')).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });

    expect(await backendPid()).toBe(before);
  });

  it('runs a tenant transaction again when its connection died during a statement, and applies it once', async () => {
    let attempts = 0;
    await runInTenantTransaction(pool, randomUUID(), async (manager) => {
      attempts++;
      if (attempts === 1) {
        const pid = await backendPidOf(manager);
        const sleeping = manager.query('SELECT pg_sleep(10)');
        await waitUntilRunning(pid, 'SELECT pg_sleep(10)');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await sleeping;
      }
      await manager.query('INSERT INTO answers VALUES (3)');
    });

    expect(attempts).toBe(2);
    expect(await admin.query('SELECT id FROM answers WHERE id = 3')).toEqual([{ id: 3 }]);
  });

  it('runs a tenant transaction again when its connection died while it waited between statements, and applies it once', async () => {
    let attempts = 0;
    await runInTenantTransaction(pool, randomUUID(), async (manager) => {
      attempts++;
      if (attempts === 1) {
        const pid = await backendPidOf(manager);
        const client = (manager.queryRunner as unknown as { databaseConnection: NodeJS.EventEmitter }).databaseConnection;
        const connectionError = once(client, 'error');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await connectionError;
      }
      await manager.query('INSERT INTO answers VALUES (4)');
    });

    expect(attempts).toBe(2);
    expect(await admin.query('SELECT id FROM answers WHERE id = 4')).toEqual([{ id: 4 }]);
  });

  it('does not run a tenant transaction again for an ordinary SQL error', async () => {
    let attempts = 0;
    const failing = runInTenantTransaction(pool, randomUUID(), async (manager) => {
      attempts++;
      await manager.query('INSERT INTO answers VALUES (3)');
    });

    await expect(failing).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23505' }) });
    expect(attempts).toBe(1);
  });

  it('sets anpi_database_primary_reachable to 1 on a writable primary and 0 when no query gets through', async () => {
    const registry = new Registry();
    const reachable = new DatabaseReadinessCheck(pool, registry);
    const unreachablePool = createDataSource(
      { PGHOST: '127.0.0.1', PGPORT: 1, DB_NAME: 'none', DB_USER: 'none', DB_PASSWORD: '', DB_MIGRATION_PASSWORD: '', DB_POOL_SIZE: 1, DB_STATEMENT_TIMEOUT_MS: 1_000 },
      { applicationName: 'persistence-failover-test', entities: [], migrations: [] },
    );
    const gauge = async () => (await registry.getSingleMetric('anpi_database_primary_reachable')!.get()).values[0].value;

    await reachable.probe();
    expect(await gauge()).toBe(1);

    // A pool that never reached a server (its initialize() keeps failing) must read as 0.
    await expect(new DatabaseReadinessCheck(unreachablePool, registry).probe()).rejects.toThrow();
    expect(await gauge()).toBe(0);
  });
});
