import type { ReadinessCheck } from '@anpi/observability';
import { DataSource } from 'typeorm';

/** Ready only when a pooled connection can run a query on a writable primary. */
export class DatabaseReadinessCheck implements ReadinessCheck {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async probe(): Promise<void> {
    const [row] = await this.dataSource.query('SELECT pg_is_in_recovery() AS read_only');
    if (row.read_only) {
      throw new Error('connected to a read-only standby');
    }
  }
}
