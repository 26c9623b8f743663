import { MigrationInterface, QueryRunner } from 'typeorm';

/** Also what BatchedLinkReads1765700000000 restores when it is undone. */
export const openAnswerLinkFunctionSql = `
      CREATE FUNCTION open_answer_link(p_token_hash text, p_now timestamptz)
      RETURNS TABLE (tenant_id uuid, alert_id uuid, recipient_id uuid,
                     title text, message text, drill boolean, questions jsonb, closes_at timestamptz, closed_at timestamptz, opened_at timestamptz,
                     answers jsonb, revision int, first_answered_at timestamptz, answered_at timestamptz,
                     department_scope uuid[], work_prefecture text, home_prefecture text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      DECLARE
        v_link record;
      BEGIN
        SELECT l.tenant_id, l.alert_id, l.recipient_id INTO v_link FROM answer_links l WHERE l.token_hash = p_token_hash AND l.valid_until > p_now;
        IF NOT FOUND THEN RETURN; END IF;
        RETURN QUERY
          SELECT v_link.tenant_id, v_link.alert_id, v_link.recipient_id, c.*
          FROM (SELECT 1) AS one LEFT JOIN answer_context(v_link.tenant_id, v_link.alert_id, v_link.recipient_id) AS c ON true;
      END $$`;

/** Also what BatchedAnswerWrites1765600000000 restores when it is undone. */
export const recordAnswerFunctionSql = `
      CREATE FUNCTION record_answer(
        p_tenant uuid, p_alert uuid, p_recipient uuid, p_answers jsonb, p_at timestamptz, p_expected_revision int,
        p_shard int, p_bucket int,
        p_choice_questions text[], p_choice_ids text[], p_choice_deltas int[],
        p_responded_dimensions text[], p_responded_keys text[],
        p_breakdown_dimensions text[], p_breakdown_keys text[], p_breakdown_questions text[], p_breakdown_choices text[], p_breakdown_deltas int[],
        p_event_id uuid, p_topic text, p_message_key text, p_envelope jsonb)
      RETURNS text
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        PERFORM 1 FROM alert_projections WHERE alert_id = p_alert AND closed_at IS NULL AND closes_at > p_at;
        IF NOT FOUND THEN RETURN 'closed'; END IF;
        IF p_expected_revision = 0 THEN
          INSERT INTO answers (alert_id, recipient_id, tenant_id, answers, revision, first_answered_at, answered_at)
          VALUES (p_alert, p_recipient, p_tenant, p_answers, 1, p_at, p_at)
          ON CONFLICT (alert_id, recipient_id) DO NOTHING;
        ELSE
          UPDATE answers SET answers = p_answers, revision = revision + 1, answered_at = p_at, changed_in = pg_current_xact_id()
          WHERE alert_id = p_alert AND recipient_id = p_recipient AND revision = p_expected_revision;
        END IF;
        IF NOT FOUND THEN RETURN 'stale'; END IF;

        INSERT INTO outbox (event_id, topic, message_key, envelope) VALUES (p_event_id, p_topic, p_message_key, p_envelope);
        IF p_expected_revision = 0 THEN
          INSERT INTO alert_totals (alert_id, shard, tenant_id, responded) VALUES (p_alert, p_shard, p_tenant, 1)
          ON CONFLICT (alert_id, shard) DO UPDATE SET responded = alert_totals.responded + 1;
          INSERT INTO first_answer_buckets (alert_id, shard, tenant_id, bucket, answers) VALUES (p_alert, p_shard, p_tenant, p_bucket, 1)
          ON CONFLICT (alert_id, shard, bucket) DO UPDATE SET answers = first_answer_buckets.answers + 1;
        END IF;
        INSERT INTO answer_choice_counts (alert_id, shard, tenant_id, question_id, choice_id, answers)
        SELECT p_alert, p_shard, p_tenant, d.question_id, d.choice_id, d.delta
        FROM unnest(p_choice_questions, p_choice_ids, p_choice_deltas) WITH ORDINALITY AS d(question_id, choice_id, delta, position)
        ORDER BY d.position
        ON CONFLICT (alert_id, shard, question_id, choice_id) DO UPDATE SET answers = answer_choice_counts.answers + EXCLUDED.answers;
        INSERT INTO breakdown_totals (alert_id, shard, tenant_id, dimension, key, responded)
        SELECT p_alert, p_shard, p_tenant, k.dimension, k.key, 1
        FROM unnest(p_responded_dimensions, p_responded_keys) WITH ORDINALITY AS k(dimension, key, position)
        ORDER BY k.position
        ON CONFLICT (alert_id, shard, dimension, key) DO UPDATE SET responded = breakdown_totals.responded + 1;
        INSERT INTO breakdown_choice_counts (alert_id, shard, tenant_id, dimension, key, question_id, choice_id, answers)
        SELECT p_alert, p_shard, p_tenant, d.dimension, d.key, d.question_id, d.choice_id, d.delta
        FROM unnest(p_breakdown_dimensions, p_breakdown_keys, p_breakdown_questions, p_breakdown_choices, p_breakdown_deltas)
             WITH ORDINALITY AS d(dimension, key, question_id, choice_id, delta, position)
        ORDER BY d.position
        ON CONFLICT (alert_id, shard, dimension, key, question_id, choice_id) DO UPDATE SET answers = breakdown_choice_counts.answers + EXCLUDED.answers;
        RETURN 'recorded';
      END $$`;

/**
 * Recording an answer in two round trips instead of nine (issue 6, performance): the link with
 * its context, then the write. Both functions
 * are SECURITY INVOKER: they run with the caller's rights and under the same row-level security
 * policies as the statements they replace. Each binds the tenant with set_config(..., true)
 * as its first statement, so the rest of the function (later statements, a new snapshot each)
 * sees that tenant's rows only, and the binding ends with the calling transaction.
 */
export class OneRoundTripAnswers1765400000000 implements MigrationInterface {
  name = 'OneRoundTripAnswers1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What the answer page needs: the alert, the recipient's current answer, where they count.
    await queryRunner.query(`
      CREATE FUNCTION answer_context(p_tenant uuid, p_alert uuid, p_recipient uuid)
      RETURNS TABLE (title text, message text, drill boolean, questions jsonb, closes_at timestamptz, closed_at timestamptz, opened_at timestamptz,
                     answers jsonb, revision int, first_answered_at timestamptz, answered_at timestamptz,
                     department_scope uuid[], work_prefecture text, home_prefecture text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      BEGIN
        PERFORM set_config('app.tenant_id', p_tenant::text, true);
        RETURN QUERY
          SELECT p.title, p.message, p.drill, p.questions::jsonb, p.closes_at, p.closed_at, p.opened_at,
                 a.answers::jsonb, a.revision::int, a.first_answered_at, a.answered_at, r.department_scope, r.work_prefecture, r.home_prefecture
          FROM alert_projections p
          LEFT JOIN answers a ON a.alert_id = p.alert_id AND a.recipient_id = p_recipient
          LEFT JOIN alert_recipients r ON r.alert_id = p.alert_id AND r.recipient_id = p_recipient
          WHERE p.alert_id = p_alert;
      END $$`);
    // The answer link and, when it is valid, its context: the page's first round trip. Links
    // are looked up before any tenant is known (the token is the credential; answer_links holds
    // hashes and ids only); the context is then read bound to the link's own tenant.
    await queryRunner.query(openAnswerLinkFunctionSql);
    // Writes one answer, its response.received outbox row and every counter it moves, all or
    // nothing. Compare-and-set instead of a lock held across round trips: the write happens only
    // if the stored revision is still the one the caller read (0 = no answer yet); otherwise
    // nothing is written and the outcome is 'stale' (the caller reads again and decides again).
    // Counter rows are upserted in the order the caller sorted them (no deadlocks), after the
    // answer row, as before.
    await queryRunner.query(recordAnswerFunctionSql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION record_answer(uuid, uuid, uuid, jsonb, timestamptz, int, int, int, text[], text[], int[], text[], text[], text[], text[], text[], text[], int[], uuid, text, text, jsonb)');
    await queryRunner.query('DROP FUNCTION open_answer_link(text, timestamptz)');
    await queryRunner.query('DROP FUNCTION answer_context(uuid, uuid, uuid)');
  }
}
