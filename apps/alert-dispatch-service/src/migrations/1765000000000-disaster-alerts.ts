import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Automatic alerts from JMA's disaster reports (issue 7): the reports received, the feed
 * entries already fetched, the tenants that hold disaster rules, their rules, and which rule
 * fired for which event.
 */
export class DisasterAlerts1765000000000 implements MigrationInterface {
  name = 'DisasterAlerts1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // No tenant_id on purpose: a JMA report is public information about Japan, the same for
    // every tenant; which tenants it concerned is recorded per tenant in disaster_rule_firings.
    await queryRunner.query(`
      CREATE TABLE disaster_reports (
        id               uuid PRIMARY KEY,
        content_sha256   text NOT NULL UNIQUE,
        source           text NOT NULL CHECK (source IN ('poll', 'push')),
        jma_event_id     text NOT NULL,
        serial           int,
        status           text NOT NULL CHECK (status IN ('normal', 'drill', 'test')),
        info_type        text NOT NULL CHECK (info_type IN ('issued', 'corrected', 'cancelled')),
        report_type      text NOT NULL,
        facts            jsonb NOT NULL,
        received_at      timestamptz NOT NULL DEFAULT now(),
        evaluated_at     timestamptz
      )`);
    await queryRunner.query('CREATE INDEX disaster_reports_recent ON disaster_reports (received_at DESC)');
    await queryRunner.query('CREATE INDEX disaster_reports_by_event ON disaster_reports (jma_event_id)');
    // Global as well: Atom entries of JMA's public feeds, so that no replica fetches one twice.
    await queryRunner.query(`
      CREATE TABLE disaster_feed_entries (
        entry_id    text PRIMARY KEY,
        feed        text NOT NULL,
        outcome     text NOT NULL CHECK (outcome IN ('published', 'ignored', 'duplicate', 'rejected')),
        reason      text,
        fetched_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE disaster_feed_state (
        feed           text PRIMARY KEY,
        last_modified  text,
        last_success_at timestamptz
      )`);
    // The rule engine's cross-tenant question "whose rules must see this report": ids only.
    await queryRunner.query(`CREATE TABLE disaster_tenants (tenant_id uuid PRIMARY KEY, registered_at timestamptz NOT NULL DEFAULT now())`);

    await queryRunner.query(`
      CREATE TABLE disaster_rules (
        id                          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id                   uuid NOT NULL,
        name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        enabled                     boolean NOT NULL DEFAULT true,
        is_default                  boolean NOT NULL DEFAULT false,
        hazard                      text NOT NULL CHECK (hazard IN ('earthquake', 'tsunami', 'special-warning')),
        min_intensity               text,
        min_tsunami_category        text,
        prefecture_codes            text[],
        match                       text NOT NULL CHECK (match IN ('work', 'home', 'work_or_home')),
        title                       text NOT NULL CHECK (length(title) BETWEEN 1 AND 60),
        message                     text NOT NULL CHECK (length(message) BETWEEN 1 AND 1000),
        channels                    text[] NOT NULL CHECK (cardinality(channels) >= 1),
        include_drills              boolean NOT NULL DEFAULT false,
        realert_on_rise             boolean NOT NULL DEFAULT false,
        realert_suppression_minutes int NOT NULL DEFAULT 30 CHECK (realert_suppression_minutes BETWEEN 0 AND 1440),
        created_at                  timestamptz NOT NULL DEFAULT now(),
        updated_at                  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX disaster_rules_by_tenant ON disaster_rules (tenant_id) WHERE enabled');
    await queryRunner.query(`
      CREATE TABLE disaster_rule_firings (
        tenant_id     uuid NOT NULL,
        rule_id       uuid NOT NULL REFERENCES disaster_rules (id) ON DELETE CASCADE,
        jma_event_id  text NOT NULL,
        level         int NOT NULL,
        report_id     uuid NOT NULL REFERENCES disaster_reports (id),
        alert_id      uuid NOT NULL,
        drill         boolean NOT NULL,
        fired_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, rule_id, jma_event_id, level)
      )`);
    await queryRunner.query('CREATE INDEX disaster_rule_firings_by_event ON disaster_rule_firings (jma_event_id)');

    // A tenant gets the default rule ("5- or more where an employee works or lives") in the very
    // transaction that records it from tenant.created (the consumer runs one handler per topic,
    // and that one is the tenant projection's), so no tenant is ever without protection.
    await queryRunner.query(`
      CREATE FUNCTION disaster_defaults_for_new_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO disaster_tenants (tenant_id) VALUES (NEW.tenant_id) ON CONFLICT DO NOTHING;
        INSERT INTO disaster_rules (tenant_id, name, is_default, hazard, min_intensity, match, title, message, channels)
        VALUES (NEW.tenant_id, '震度5弱以上（勤務地・自宅）', true, 'earthquake', '5-', 'work_or_home', '地震発生 安否確認',
                '強い揺れを観測した地域にお住まいまたは勤務の方へ。安否を回答してください。', ARRAY['email']);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER disaster_defaults AFTER INSERT ON known_tenants FOR EACH ROW EXECUTE FUNCTION disaster_defaults_for_new_tenant()`);
    // Tenants recorded before this migration get theirs too. RLS is forced on known_tenants even
    // for its owner; lifting FORCE inside this transaction lets the owner see every tenant once.
    await queryRunner.query('ALTER TABLE known_tenants NO FORCE ROW LEVEL SECURITY');
    await queryRunner.query(`
      INSERT INTO disaster_rules (tenant_id, name, is_default, hazard, min_intensity, match, title, message, channels)
      SELECT tenant_id, '震度5弱以上（勤務地・自宅）', true, 'earthquake', '5-', 'work_or_home', '地震発生 安否確認',
             '強い揺れを観測した地域にお住まいまたは勤務の方へ。安否を回答してください。', ARRAY['email']
      FROM known_tenants`);
    await queryRunner.query('INSERT INTO disaster_tenants (tenant_id) SELECT tenant_id FROM known_tenants ON CONFLICT DO NOTHING');
    await queryRunner.query('ALTER TABLE known_tenants FORCE ROW LEVEL SECURITY');
    await enableTenantIsolation(queryRunner, 'disaster_rules');
    await enableTenantIsolation(queryRunner, 'disaster_rule_firings');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER disaster_defaults ON known_tenants');
    await queryRunner.query('DROP FUNCTION disaster_defaults_for_new_tenant()');
    await queryRunner.query('DROP TABLE disaster_rule_firings');
    await queryRunner.query('DROP TABLE disaster_rules');
    await queryRunner.query('DROP TABLE disaster_tenants');
    await queryRunner.query('DROP TABLE disaster_feed_state');
    await queryRunner.query('DROP TABLE disaster_feed_entries');
    await queryRunner.query('DROP TABLE disaster_reports');
  }
}
