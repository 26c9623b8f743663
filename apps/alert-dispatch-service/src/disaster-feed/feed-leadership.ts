import type { Logger } from 'pino';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * "Exactly one poller across replicas" as a PostgreSQL session advisory lock held on a
 * dedicated connection: whoever holds it polls. If that pod dies or loses its connection,
 * PostgreSQL releases the lock and another replica takes over at its next tick.
 */
export class FeedLeadership {
  private session: QueryRunner | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lockKey: number,
    private readonly logger: Logger,
  ) {}

  get isLeader(): boolean {
    return this.session !== undefined;
  }

  /** True while this replica holds the lock; tries to take it when nobody does. */
  async ensure(): Promise<boolean> {
    if (this.session) {
      try {
        await this.session.query('SELECT 1');
        return true;
      } catch (error) {
        this.logger.warn({ err: error }, 'lost the JMA feed leadership connection');
        await this.drop();
      }
    }
    const session = this.dataSource.createQueryRunner();
    try {
      await session.connect();
      const [{ locked }]: { locked: boolean }[] = await session.query('SELECT pg_try_advisory_lock($1) AS locked', [this.lockKey]);
      if (!locked) {
        await session.release();
        return false;
      }
      this.session = session;
      this.logger.info('this replica now polls the JMA feeds');
      return true;
    } catch (error) {
      await session.release().catch(() => undefined);
      throw error;
    }
  }

  async resign(): Promise<void> {
    if (!this.session) return;
    await this.session.query('SELECT pg_advisory_unlock($1)', [this.lockKey]).catch(() => undefined);
    await this.drop();
  }

  private async drop(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.release().catch(() => undefined);
  }
}
