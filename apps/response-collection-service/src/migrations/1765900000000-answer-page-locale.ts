import { MigrationInterface, QueryRunner } from 'typeorm';
import { robustOpenAnswerLinksFunctionSql } from './1765800000000-robust-link-read-plans';

/**
 * The answer page speaks the recipient's language and tells time in their company's zone
 * (issue 6: "ja/en by the recipient's language").
 *
 * - Language: not only what the phone's browser asks for — a feature phone sends no
 *   Accept-Language, and an English-speaking employee's phone is often set to Japanese.
 *   `employee.upserted` carries the language dispatch writes the messages in; the directory
 *   projection keeps it, the recipients' snapshot takes it when the links are issued (so the
 *   page matches the message that carried its link). Rows from before this migration have no
 *   language (NULL): their page falls back to Accept-Language until the employee's next change
 *   reaches the projection.
 * - Time zone: the deadline and the times on the page were always Japan's, whatever the
 *   company's own setting (the CSV export already used it). `open_answer_links` returns the
 *   company's zone, read once per tenant of a batch.
 */
export class AnswerPageLocale1765900000000 implements MigrationInterface {
  name = 'AnswerPageLocale1765900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['directory_employees', 'alert_recipients']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN language text CHECK (language IN ('ja', 'en'))`);
    }
    // The returned columns change, which CREATE OR REPLACE cannot do.
    await queryRunner.query('DROP FUNCTION open_answer_links(text[], timestamptz)');
    await queryRunner.query(`
      CREATE FUNCTION open_answer_links(p_token_hashes text[], p_now timestamptz)
      RETURNS TABLE (token_hash text, tenant_id uuid, alert_id uuid, recipient_id uuid,
                     title text, message text, drill boolean, questions jsonb, closes_at timestamptz, closed_at timestamptz, opened_at timestamptz,
                     answers jsonb, revision int, first_answered_at timestamptz, answered_at timestamptz,
                     department_scope uuid[], work_prefecture text, home_prefecture text, recipient_language text, time_zone text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      #variable_conflict use_column
      DECLARE
        v_tenant uuid;
        v_time_zone text;
      BEGIN
        FOR v_tenant IN
          SELECT DISTINCT l.tenant_id FROM answer_links l WHERE l.token_hash = ANY (p_token_hashes) AND l.valid_until > p_now ORDER BY l.tenant_id
        LOOP
          PERFORM set_config('app.tenant_id', v_tenant::text, true);
          v_time_zone := (SELECT k.time_zone FROM known_tenants k WHERE k.tenant_id = v_tenant);
          RETURN QUERY
            SELECT l.token_hash, l.tenant_id, l.alert_id, l.recipient_id,
                   p.title, p.message, p.drill, p.questions::jsonb, p.closes_at, p.closed_at, p.opened_at,
                   a.answers::jsonb, a.revision::int, a.first_answered_at, a.answered_at, r.department_scope, r.work_prefecture, r.home_prefecture,
                   r.language, v_time_zone
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
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION open_answer_links(text[], timestamptz)');
    await queryRunner.query(robustOpenAnswerLinksFunctionSql);
    for (const table of ['alert_recipients', 'directory_employees']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN language`);
    }
  }
}
