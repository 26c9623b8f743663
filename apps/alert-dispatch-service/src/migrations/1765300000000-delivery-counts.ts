import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Concurrent writers add to different rows of a counter (summed when read); see the trigger. */
export const DELIVERY_COUNT_SHARDS = 16;

/** Each change's +1 / −1 under the key progress reports: the channel that sent (or will send) and the state. */
const countedChange = (rows: string, change: 1 | -1) =>
  `SELECT alert_id, tenant_id, coalesce(channel_used, channel_order[1], '') AS channel, state, ${change} AS change FROM ${rows}`;

/** A counter table: its counted key (besides alert and shard) and its total column. */
interface Counter {
  table: string;
  keys: string[];
  total: string;
}

const deliveryCounts: Counter = { table: 'delivery_counts', keys: ['channel', 'state'], total: 'deliveries' };
const respondedCounts: Counter = { table: 'responded_counts', keys: [], total: 'responded' };

/** One statement's changes added to its connection's shard, rows taken in key order. */
const addChanges = ({ table, keys, total }: Counter, changes: string) => {
  const keyList = keys.map((key) => `, ${key}`).join('');
  return `
        INSERT INTO ${table} AS counts (alert_id, shard, tenant_id${keyList}, ${total})
        SELECT alert_id, pg_backend_pid() % ${DELIVERY_COUNT_SHARDS}, tenant_id${keyList}, sum(change)
        FROM (${changes}) AS changes
        GROUP BY alert_id, tenant_id${keyList}
        HAVING sum(change) <> 0
        ORDER BY alert_id${keyList}
        ON CONFLICT (alert_id, shard${keyList}) DO UPDATE SET ${total} = counts.${total} + EXCLUDED.${total}`;
};

/**
 * Deliveries (and the people who answered) counted as they change, not by reading them (issue 5, performance and scale).
 *
 * - `alert.progress` and the alert views counted every delivery of an alert: 1.2–1.7 s at
 *   1,000,000 recipients. A statement-level trigger now keeps per-alert counts by channel and
 *   state, in the transaction that changes the deliveries, for every statement that does
 *   (fan-out, claims, outcomes, cancellations): progress is a read of a few dozen rows and
 *   exact at every commit. Each connection adds to its own shard (backend pid), in one order
 *   (alert, channel, state), so concurrent senders neither queue behind one row nor deadlock.
 *   The people who answered (`responded_recipients`) are counted the same way.
 * - An answer cancels that person's queued deliveries. The lookup (alert, recipient) had no
 *   index that starts with both: at 500,000 recipients each answer scanned the alert's
 *   deliveries (126 ms). The unique key becomes (alert, recipient, round), which still serves
 *   the fan-out's ON CONFLICT and the re-send rounds' walk in recipient order.
 * - The indexes on (alert, state) and (alert, updated_at) served only the counting and the
 *   "did anything move" check, which the counts replace. Without them, and with room left on
 *   each page, a claim or an outcome no longer touches any index (a HOT update): each delivery
 *   is written twice after its insert, and used to add four index entries each time.
 */
export class DeliveryCounts1765300000000 implements MigrationInterface {
  name = 'DeliveryCounts1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE delivery_counts (
        alert_id   uuid NOT NULL,
        shard      int NOT NULL,
        tenant_id  uuid NOT NULL,
        channel    text NOT NULL,
        state      text NOT NULL,
        deliveries bigint NOT NULL,
        PRIMARY KEY (alert_id, shard, channel, state)
      )`);
    await enableTenantIsolation(queryRunner, 'delivery_counts');
    await queryRunner.query(`
      CREATE FUNCTION count_delivery_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN${addChanges(deliveryCounts, countedChange('new_rows', 1))};
        ELSIF TG_OP = 'UPDATE' THEN${addChanges(deliveryCounts, `${countedChange('new_rows', 1)} UNION ALL ${countedChange('old_rows', -1)}`)};
        ELSE${addChanges(deliveryCounts, countedChange('old_rows', -1))};
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query('CREATE TRIGGER delivery_counts_on_insert AFTER INSERT ON deliveries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_delivery_changes()');
    await queryRunner.query(
      'CREATE TRIGGER delivery_counts_on_update AFTER UPDATE ON deliveries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_delivery_changes()',
    );
    await queryRunner.query('CREATE TRIGGER delivery_counts_on_delete AFTER DELETE ON deliveries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_delivery_changes()');
    await countAcrossTenants(
      queryRunner,
      ['deliveries', 'delivery_counts'],
      `INSERT INTO delivery_counts (alert_id, shard, tenant_id, channel, state, deliveries)
       SELECT alert_id, 0, tenant_id, channel, state, count(*)
       FROM (${countedChange('deliveries', 1)}) AS existing
       GROUP BY alert_id, tenant_id, channel, state`,
    );

    await queryRunner.query(`
      CREATE TABLE responded_counts (
        alert_id  uuid NOT NULL,
        shard     int NOT NULL,
        tenant_id uuid NOT NULL,
        responded bigint NOT NULL,
        PRIMARY KEY (alert_id, shard)
      )`);
    await enableTenantIsolation(queryRunner, 'responded_counts');
    await queryRunner.query(`
      CREATE FUNCTION count_responded_changes() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN${addChanges(respondedCounts, 'SELECT alert_id, tenant_id, 1 AS change FROM new_rows')};
        ELSE${addChanges(respondedCounts, 'SELECT alert_id, tenant_id, -1 AS change FROM old_rows')};
        END IF;
        RETURN NULL;
      END $$`);
    // An INSERT … ON CONFLICT DO NOTHING lists only the rows it inserted: a repeated answer counts once.
    await queryRunner.query(
      'CREATE TRIGGER responded_counts_on_insert AFTER INSERT ON responded_recipients REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_responded_changes()',
    );
    await queryRunner.query(
      'CREATE TRIGGER responded_counts_on_delete AFTER DELETE ON responded_recipients REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION count_responded_changes()',
    );
    await countAcrossTenants(
      queryRunner,
      ['responded_recipients', 'responded_counts'],
      'INSERT INTO responded_counts (alert_id, shard, tenant_id, responded) SELECT alert_id, 0, tenant_id, count(*) FROM responded_recipients GROUP BY alert_id, tenant_id',
    );

    await queryRunner.query('ALTER TABLE deliveries ADD CONSTRAINT deliveries_alert_recipient_round_key UNIQUE (alert_id, recipient_id, round)');
    await queryRunner.query('ALTER TABLE deliveries DROP CONSTRAINT deliveries_alert_id_round_recipient_id_key');
    await queryRunner.query('DROP INDEX deliveries_by_alert_state');
    await queryRunner.query('DROP INDEX deliveries_by_alert_change');
    // Room on each page for a delivery's next versions, so its two updates can stay on its page.
    await queryRunner.query('ALTER TABLE deliveries SET (fillfactor = 50)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE deliveries RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX deliveries_by_alert_change ON deliveries (alert_id, updated_at)');
    await queryRunner.query('CREATE INDEX deliveries_by_alert_state ON deliveries (alert_id, state)');
    await queryRunner.query('ALTER TABLE deliveries ADD CONSTRAINT deliveries_alert_id_round_recipient_id_key UNIQUE (alert_id, round, recipient_id)');
    await queryRunner.query('ALTER TABLE deliveries DROP CONSTRAINT deliveries_alert_recipient_round_key');
    for (const operation of ['insert', 'delete']) {
      await queryRunner.query(`DROP TRIGGER responded_counts_on_${operation} ON responded_recipients`);
    }
    await queryRunner.query('DROP FUNCTION count_responded_changes()');
    await queryRunner.query('DROP TABLE responded_counts');
    for (const operation of ['insert', 'update', 'delete']) {
      await queryRunner.query(`DROP TRIGGER delivery_counts_on_${operation} ON deliveries`);
    }
    await queryRunner.query('DROP FUNCTION count_delivery_changes()');
    await queryRunner.query('DROP TABLE delivery_counts');
  }
}

/**
 * Counts the rows recorded before this migration, once. RLS is forced even for the owner;
 * lifting FORCE inside the migration's transaction lets the owner read every tenant's rows.
 */
async function countAcrossTenants(queryRunner: QueryRunner, tables: string[], countingSql: string): Promise<void> {
  for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(countingSql);
  for (const table of tables) await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
}
