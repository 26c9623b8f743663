import { MigrationInterface, QueryRunner } from 'typeorm';
import { openAnswerLinksFunctionSql } from './1765700000000-batched-link-reads';

/** Also what AnswerPageLocale1765900000000 restores when it is undone. */
export const robustOpenAnswerLinksFunctionSql = `
      CREATE OR REPLACE FUNCTION open_answer_links(p_token_hashes text[], p_now timestamptz)
      RETURNS TABLE (token_hash text, tenant_id uuid, alert_id uuid, recipient_id uuid,
                     title text, message text, drill boolean, questions jsonb, closes_at timestamptz, closed_at timestamptz, opened_at timestamptz,
                     answers jsonb, revision int, first_answered_at timestamptz, answered_at timestamptz,
                     department_scope uuid[], work_prefecture text, home_prefecture text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      #variable_conflict use_column
      DECLARE
        v_tenant uuid;
      BEGIN
        FOR v_tenant IN
          SELECT DISTINCT l.tenant_id FROM answer_links l WHERE l.token_hash = ANY (p_token_hashes) AND l.valid_until > p_now ORDER BY l.tenant_id
        LOOP
          PERFORM set_config('app.tenant_id', v_tenant::text, true);
          RETURN QUERY
            SELECT l.token_hash, l.tenant_id, l.alert_id, l.recipient_id,
                   p.title, p.message, p.drill, p.questions::jsonb, p.closes_at, p.closed_at, p.opened_at,
                   a.answers::jsonb, a.revision::int, a.first_answered_at, a.answered_at, r.department_scope, r.work_prefecture, r.home_prefecture
            FROM answer_links l
            LEFT JOIN LATERAL (
              SELECT * FROM alert_projections p WHERE p.alert_id = l.alert_id AND p.tenant_id = l.tenant_id LIMIT 1
            ) p ON true
            LEFT JOIN LATERAL (
              SELECT * FROM answers a WHERE a.alert_id = l.alert_id AND a.recipient_id = l.recipient_id AND a.tenant_id = l.tenant_id LIMIT 1
            ) a ON true
            LEFT JOIN LATERAL (
              SELECT * FROM alert_recipients r WHERE r.alert_id = l.alert_id AND r.recipient_id = l.recipient_id AND r.tenant_id = l.tenant_id LIMIT 1
            ) r ON true
            WHERE l.token_hash = ANY (p_token_hashes) AND l.valid_until > p_now AND l.tenant_id = v_tenant;
        END LOOP;
        PERFORM set_config('app.tenant_id', '', true);
      END $$`;

/**
 * `open_answer_links` reads each link's alert, current answer and placement by key, whatever the
 * planner believes about the tables (issue 6, performance).
 *
 * Why: the plain LEFT JOINs let the planner choose how to join, and it chose from the
 * statistics. When they were taken before an alert's answers arrived (a new install; any
 * database without autovacuum), the tenant's rows in `answers` looked like a handful, so it
 * scanned them all once and matched every link against every row: 17,000 comparisons for a
 * batch of 22 links, 1.8 ms of PostgreSQL time per answer, growing with every answer. A
 * LATERAL subquery with LIMIT 1 cannot be flattened into a join, so each link is one lookup on
 * the primary key — the only plan that stays right while the table grows during a disaster.
 */
export class RobustLinkReadPlans1765800000000 implements MigrationInterface {
  name = 'RobustLinkReadPlans1765800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(robustOpenAnswerLinksFunctionSql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION open_answer_links(text[], timestamptz)');
    await queryRunner.query(openAnswerLinksFunctionSql);
  }
}
