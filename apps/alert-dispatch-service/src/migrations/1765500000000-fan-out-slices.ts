import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A fan-out round becomes one or more slices, each a range of recipient ids with its own
 * cursor, so several workers — in one pod and across pods — fan out one large alert together
 * (one row per round let exactly one worker at a time move it). A round starts as slice 0
 * over every id; the worker splits it when its first page comes back full.
 */
export class FanOutSlices1765500000000 implements MigrationInterface {
  name = 'FanOutSlices1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE fan_out_jobs
        ADD COLUMN slice smallint NOT NULL DEFAULT 0 CHECK (slice >= 0),
        ADD COLUMN start_after uuid,
        ADD COLUMN through_recipient uuid NOT NULL DEFAULT 'ffffffff-ffff-ffff-ffff-ffffffffffff',
        DROP CONSTRAINT fan_out_jobs_pkey,
        ADD PRIMARY KEY (alert_id, round, slice)`);
    await queryRunner.query('DROP INDEX fan_out_jobs_pending');
    await queryRunner.query(`CREATE INDEX fan_out_jobs_pending ON fan_out_jobs (created_at, slice) WHERE status = 'pending'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Back to one row per round: a round with a slice still pending starts again from its
    // first recipient (re-inserting a page is a no-op, so nobody is asked twice).
    await queryRunner.query(`
      UPDATE fan_out_jobs j SET
        status = CASE WHEN s.pending THEN 'pending' ELSE 'done' END,
        cursor_recipient = CASE WHEN s.pending THEN NULL ELSE j.cursor_recipient END,
        planned = s.planned
      FROM (SELECT alert_id, round, bool_or(status = 'pending') AS pending, sum(planned)::int AS planned FROM fan_out_jobs GROUP BY alert_id, round) s
      WHERE j.alert_id = s.alert_id AND j.round = s.round AND j.slice = 0`);
    await queryRunner.query('DELETE FROM fan_out_jobs WHERE slice > 0');
    await queryRunner.query('DROP INDEX fan_out_jobs_pending');
    await queryRunner.query(`CREATE INDEX fan_out_jobs_pending ON fan_out_jobs (created_at) WHERE status = 'pending'`);
    await queryRunner.query(`
      ALTER TABLE fan_out_jobs DROP CONSTRAINT fan_out_jobs_pkey,
        ADD PRIMARY KEY (alert_id, round),
        DROP COLUMN slice, DROP COLUMN start_after, DROP COLUMN through_recipient`);
  }
}
