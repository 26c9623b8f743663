import { MigrationInterface, QueryRunner } from 'typeorm';
import { recordAnswerFunctionSql } from './1765400000000-one-round-trip-answers';

/**
 * Answers written in batches (issue 6, performance): `record_answers` writes many answers of one
 * tenant in one statement, so one transaction and one WAL flush, and moves every counter once
 * per batch with the summed deltas instead of once per answer — the counter upserts were most
 * of PostgreSQL's work per answer. Per answer it keeps what `record_answer` did: the alert must
 * still be open, the write is a compare-and-set on the revision the caller read ('stale' when
 * another submission committed first), the `response.received` outbox row commits with it.
 *
 * Deadlocks: answers are written in (alert, recipient) order and counter rows in key order, in
 * every batch; concurrent batches use different counter shards (the caller rotates them), so
 * they meet only on answer rows, always in the same order.
 *
 * `p_items` is a JSON array; each item: i (its position, echoed in the result), alert,
 * recipient, answers, at, rev (the revision read, 0 = no answer yet), bucket (first-answer time
 * bucket), choices [{q, c, d}], responded [{dim, key}] (only for a first answer), breakdown
 * [{dim, key, q, c, d}], event_id, message_key, envelope.
 */
export class BatchedAnswerWrites1765600000000 implements MigrationInterface {
  name = 'BatchedAnswerWrites1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION record_answers(p_tenant uuid, p_shard int, p_topic text, p_items jsonb)
      RETURNS TABLE (item int, outcome text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      #variable_conflict use_column
      DECLARE
        v record;
        v_recorded int[] := '{}';
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        FOR v IN
          SELECT x.i, x.alert, x.recipient, x.answers, x.at, x.rev, x.event_id, x.message_key, x.envelope
          FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, recipient uuid, answers jsonb, at timestamptz, rev int, event_id uuid, message_key text, envelope jsonb)
          ORDER BY x.alert, x.recipient, x.i
        LOOP
          item := v.i;
          PERFORM 1 FROM alert_projections WHERE alert_id = v.alert AND closed_at IS NULL AND closes_at > v.at;
          IF NOT FOUND THEN outcome := 'closed'; RETURN NEXT; CONTINUE; END IF;
          IF v.rev = 0 THEN
            INSERT INTO answers (alert_id, recipient_id, tenant_id, answers, revision, first_answered_at, answered_at)
            VALUES (v.alert, v.recipient, p_tenant, v.answers, 1, v.at, v.at)
            ON CONFLICT (alert_id, recipient_id) DO NOTHING;
          ELSE
            UPDATE answers SET answers = v.answers, revision = revision + 1, answered_at = v.at, changed_in = pg_current_xact_id()
            WHERE alert_id = v.alert AND recipient_id = v.recipient AND revision = v.rev;
          END IF;
          IF NOT FOUND THEN outcome := 'stale'; RETURN NEXT; CONTINUE; END IF;
          INSERT INTO outbox (event_id, topic, message_key, envelope) VALUES (v.event_id, p_topic, v.message_key, v.envelope);
          v_recorded := v_recorded || v.i;
          outcome := 'recorded';
          RETURN NEXT;
        END LOOP;
        IF cardinality(v_recorded) = 0 THEN RETURN; END IF;

        INSERT INTO alert_totals (alert_id, shard, tenant_id, responded)
        SELECT x.alert, p_shard, p_tenant, count(*)
        FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, rev int)
        WHERE x.i = ANY (v_recorded) AND x.rev = 0
        GROUP BY x.alert ORDER BY x.alert
        ON CONFLICT (alert_id, shard) DO UPDATE SET responded = alert_totals.responded + EXCLUDED.responded;

        INSERT INTO first_answer_buckets (alert_id, shard, tenant_id, bucket, answers)
        SELECT x.alert, p_shard, p_tenant, x.bucket, count(*)
        FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, rev int, bucket int)
        WHERE x.i = ANY (v_recorded) AND x.rev = 0
        GROUP BY x.alert, x.bucket ORDER BY x.alert, x.bucket
        ON CONFLICT (alert_id, shard, bucket) DO UPDATE SET answers = first_answer_buckets.answers + EXCLUDED.answers;

        INSERT INTO answer_choice_counts (alert_id, shard, tenant_id, question_id, choice_id, answers)
        SELECT x.alert, p_shard, p_tenant, c.q, c.c, sum(c.d)
        FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, choices jsonb)
        CROSS JOIN LATERAL jsonb_to_recordset(x.choices) AS c(q text, c text, d int)
        WHERE x.i = ANY (v_recorded)
        GROUP BY x.alert, c.q, c.c ORDER BY x.alert, c.q, c.c
        ON CONFLICT (alert_id, shard, question_id, choice_id) DO UPDATE SET answers = answer_choice_counts.answers + EXCLUDED.answers;

        INSERT INTO breakdown_totals (alert_id, shard, tenant_id, dimension, key, responded)
        SELECT x.alert, p_shard, p_tenant, k.dim, k.key, count(*)
        FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, responded jsonb)
        CROSS JOIN LATERAL jsonb_to_recordset(x.responded) AS k(dim text, key text)
        WHERE x.i = ANY (v_recorded)
        GROUP BY x.alert, k.dim, k.key ORDER BY x.alert, k.dim, k.key
        ON CONFLICT (alert_id, shard, dimension, key) DO UPDATE SET responded = breakdown_totals.responded + EXCLUDED.responded;

        INSERT INTO breakdown_choice_counts (alert_id, shard, tenant_id, dimension, key, question_id, choice_id, answers)
        SELECT x.alert, p_shard, p_tenant, b.dim, b.key, b.q, b.c, sum(b.d)
        FROM jsonb_to_recordset(p_items) AS x(i int, alert uuid, breakdown jsonb)
        CROSS JOIN LATERAL jsonb_to_recordset(x.breakdown) AS b(dim text, key text, q text, c text, d int)
        WHERE x.i = ANY (v_recorded)
        GROUP BY x.alert, b.dim, b.key, b.q, b.c ORDER BY x.alert, b.dim, b.key, b.q, b.c
        ON CONFLICT (alert_id, shard, dimension, key, question_id, choice_id) DO UPDATE SET answers = breakdown_choice_counts.answers + EXCLUDED.answers;
      END $$`);
    await queryRunner.query('DROP FUNCTION record_answer(uuid, uuid, uuid, jsonb, timestamptz, int, int, int, text[], text[], int[], text[], text[], text[], text[], text[], text[], int[], uuid, text, text, jsonb)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(recordAnswerFunctionSql);
    await queryRunner.query('DROP FUNCTION record_answers(uuid, int, text, jsonb)');
  }
}
