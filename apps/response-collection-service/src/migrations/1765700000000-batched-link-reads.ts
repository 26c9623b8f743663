import { MigrationInterface, QueryRunner } from 'typeorm';
import { openAnswerLinkFunctionSql } from './1765400000000-one-round-trip-answers';

/** Also what RobustLinkReadPlans1765800000000 restores when it is undone. */
export const openAnswerLinksFunctionSql = `
      CREATE FUNCTION open_answer_links(p_token_hashes text[], p_now timestamptz)
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
            LEFT JOIN alert_projections p ON p.alert_id = l.alert_id AND p.tenant_id = l.tenant_id
            LEFT JOIN answers a ON a.alert_id = l.alert_id AND a.recipient_id = l.recipient_id AND a.tenant_id = l.tenant_id
            LEFT JOIN alert_recipients r ON r.alert_id = l.alert_id AND r.recipient_id = l.recipient_id AND r.tenant_id = l.tenant_id
            WHERE l.token_hash = ANY (p_token_hashes) AND l.valid_until > p_now AND l.tenant_id = v_tenant;
        END LOOP;
        PERFORM set_config('app.tenant_id', '', true);
      END $$`;

/**
 * Answer links opened in batches (issue 6, performance): `open_answer_links` looks up many
 * tokens' links, each with what its page needs (the alert, the recipient's current answer,
 * where they count), in one statement — the per-answer read was the one round trip every
 * answer still made alone. It replaces `open_answer_link`.
 *
 * Tenant isolation as before: links are found by token hash before any tenant is known
 * (answer_links holds hashes and ids only); the context of each tenant's links is read by its
 * own statement, bound to that tenant with set_config(..., true), under row-level security,
 * and joined on the link's tenant as well. A link whose alert is not (yet) projected comes back
 * with empty context columns; an unknown or expired token does not come back at all.
 */
export class BatchedLinkReads1765700000000 implements MigrationInterface {
  name = 'BatchedLinkReads1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(openAnswerLinksFunctionSql);
    await queryRunner.query('DROP FUNCTION open_answer_link(text, timestamptz)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(openAnswerLinkFunctionSql);
    await queryRunner.query('DROP FUNCTION open_answer_links(text[], timestamptz)');
  }
}
