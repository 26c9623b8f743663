import { Client } from 'pg';
import { connectAsSuperuser, haStack, restoreDrill, secondsBetween } from './ha-cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface BackupInfo {
  type: 'full' | 'diff' | 'incr';
  database: { 'repo-key': number };
}

/**
 * Backups that can actually be restored, to a moment: pgBackRest archives the Patroni
 * cluster's WAL into two repositories (repo2 = the copy in another region); a restore to
 * time T — through scripts/restore-drill, the script operators run — holds exactly the rows
 * committed up to T, from repo1 and from repo2 alone.
 */
describe('backups and point-in-time recovery (pgBackRest)', () => {
  let db: Client;

  beforeAll(async () => {
    await haStack('destroy');
    console.log(await haStack('up'));
    const admin = await connectAsSuperuser('postgres');
    await admin.query('CREATE DATABASE anpi_pitr_drill');
    await admin.end();
    db = await connectAsSuperuser('anpi_pitr_drill');
    await db.query('CREATE TABLE drill_rows (id int PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT clock_timestamp())');
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    console.log(await haStack('down'));
  }, 120_000);

  const insertRows = (from: number, to: number) => db.query('INSERT INTO drill_rows (id) SELECT generate_series($1::int, $2::int)', [from, to]);

  it('restores exactly the rows committed up to T — across a switchover — from repo1 (full + differential) and from repo2 alone', async () => {
    // Full backups into both repositories, then more rows and a differential backup into repo1.
    await insertRows(1, 50);
    for (const repo of ['1', '2']) console.log(await haStack('backup', 'full', repo));
    // The next rows' WAL is archived by the other node: archiving must survive a switchover.
    console.log(await haStack('switchover'));
    await db.end();
    db = await connectAsSuperuser('anpi_pitr_drill');
    await insertRows(51, 100);
    console.log(await haStack('backup', 'diff', '1'));
    const { rows } = await db.query(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS t`);
    const target: string = rows[0].t;
    await sleep(1_100);
    await insertRows(101, 150);
    const archiveLagSeconds = await archiveCurrentWal();

    const info = JSON.parse(await haStack('pgbackrest', 'info', '--output=json')) as { backup: BackupInfo[] }[];
    const backups = info[0].backup.map((backup) => `repo${backup.database['repo-key']}:${backup.type}`);
    expect(backups).toEqual(expect.arrayContaining(['repo1:full', 'repo1:diff', 'repo2:full']));

    const fromRepo1 = await restoreDrill('--repo', '1', '--target', target, '--port', '5445', '--database', 'anpi_pitr_drill', '--query', 'SELECT count(*), min(id), max(id) FROM drill_rows');
    const fromRepo2 = await restoreDrill('--repo', '2', '--target', target, '--port', '5446', '--database', 'anpi_pitr_drill', '--query', 'SELECT count(*), min(id), max(id) FROM drill_rows');

    expect(queryResult(fromRepo1)).toBe('100|1|100');
    expect(queryResult(fromRepo2)).toBe('100|1|100');
    // The live cluster still has everything.
    expect((await db.query('SELECT count(*)::int AS n FROM drill_rows')).rows[0].n).toBe(150);
    console.log(
      [
        `[ha] WAL archive: segment archived ${archiveLagSeconds} s after pg_switch_wal() (archive_timeout 30 s bounds the lag of a quiet database)`,
        `[ha] PITR to ${target}: ${timing(fromRepo1)}`,
        `[ha] PITR to ${target}: ${timing(fromRepo2)}`,
      ].join('\n'),
    );
  }, 300_000);

  /** Closes the current WAL segment and waits until the archiver has pushed it: the rows are then in both repositories. */
  async function archiveCurrentWal(): Promise<number> {
    const { rows } = await db.query('SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment');
    const segment: string = rows[0].segment;
    const switchedAt = Date.now();
    await db.query('SELECT pg_switch_wal()');
    for (;;) {
      const { rows: archiver } = await db.query('SELECT last_archived_wal FROM pg_stat_archiver');
      if ((archiver[0].last_archived_wal ?? '') >= segment) return secondsBetween(switchedAt, Date.now());
      if (Date.now() - switchedAt > 60_000) throw new Error(`WAL segment ${segment} not archived within 60 s`);
      await sleep(100);
    }
  }
});

function queryResult(output: string): string {
  const [, result] = output.split('-- query result --\n');
  return result.trim();
}

function timing(output: string): string {
  return /restore-drill: .*/.exec(output)?.[0] ?? output;
}
