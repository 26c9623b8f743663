import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dispatch's outbox rows are large: a fan-out page's `answer-links.issued` carries 1,000 token
 * hashes (~110 KB), a chunk's `delivery.outcomes` up to 500 results. PostgreSQL compresses such
 * values with pglz by default; writing and reading them was a fifth of PostgreSQL's statement
 * time during a fan-out. lz4 compresses them 2.3× faster, as small (docs/benchmarks.md). A
 * server built without lz4 keeps pglz: the outbox works either way.
 */
export class OutboxLz41765400000000 implements MigrationInterface {
  name = 'OutboxLz41765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$ BEGIN
        ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION lz4;
      EXCEPTION WHEN feature_not_supported THEN
        RAISE NOTICE 'this PostgreSQL has no lz4: outbox envelopes stay pglz-compressed';
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION default');
  }
}
