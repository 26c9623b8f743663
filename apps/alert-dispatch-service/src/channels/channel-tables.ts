/** A migration's QueryRunner, or a DataSource in tests. */
interface SqlRunner {
  query(sql: string): Promise<unknown>;
}

/**
 * For a migration of alert-dispatch-service. One token bucket per provider account, shared
 * by every dispatch pod (see README.md, "Provider rate limits"). Not tenant-owned: it holds
 * provider hosts and hashed account ids, no tenant data, so it has no row-level security.
 */
export async function createChannelTables(queryRunner: SqlRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE channel_provider_rate_buckets (
      provider_key      text PRIMARY KEY,
      capacity          double precision NOT NULL CHECK (capacity >= 1),
      refill_per_second double precision NOT NULL CHECK (refill_per_second > 0),
      tokens            double precision NOT NULL,
      refilled_at       timestamptz NOT NULL DEFAULT statement_timestamp()
    )`);
}

export async function dropChannelTables(queryRunner: SqlRunner): Promise<void> {
  await queryRunner.query('DROP TABLE IF EXISTS channel_provider_rate_buckets');
}
