import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

const prefectureCheck = `~ '^(0[1-9]|[1-3][0-9]|4[0-7])$'`;

/**
 * The employee directory. Contact data (e-mail addresses, phone numbers) exists only as
 * ciphertext under the tenant's data key plus keyed HMAC lookups; names stay searchable.
 * Foreign keys include tenant_id, so a row can never point at another tenant's row.
 */
export class Directory1764200000000 implements MigrationInterface {
  name = 'Directory1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Listing tenant ids is what key rotation and platform operators need; it reveals no
    // directory data, and only a transaction that asks for this scope explicitly gets it.
    await queryRunner.query(
      `CREATE POLICY platform_tenant_listing ON tenants FOR SELECT USING (current_setting('app.platform_scope', true) = 'tenant-listing')`,
    );
    await queryRunner.query(`
      CREATE TABLE tenant_data_keys (
        tenant_id   uuid NOT NULL,
        key_id      text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9_-]+$'),
        wrapped_key text NOT NULL,
        state       text NOT NULL CHECK (state IN ('active', 'retired')),
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key_id)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX tenant_data_keys_one_active ON tenant_data_keys (tenant_id) WHERE state = 'active'`);

    await queryRunner.query(`
      CREATE TABLE departments (
        id         uuid PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        parent_id  uuid,
        path       uuid[] NOT NULL CHECK (cardinality(path) BETWEEN 1 AND 64),
        name       text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        code       text CHECK (length(code) BETWEEN 1 AND 64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        UNIQUE (tenant_id, code),
        FOREIGN KEY (tenant_id, parent_id) REFERENCES departments (tenant_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX departments_path ON departments USING gin (path)`);
    await queryRunner.query(`CREATE INDEX departments_parent ON departments (tenant_id, parent_id)`);

    await queryRunner.query(`
      CREATE TABLE employees (
        id                         uuid PRIMARY KEY,
        tenant_id                  uuid NOT NULL,
        employee_number            text NOT NULL CHECK (length(employee_number) BETWEEN 1 AND 32),
        name_kanji                 text NOT NULL CHECK (length(name_kanji) BETWEEN 1 AND 100),
        name_kana                  text NOT NULL CHECK (length(name_kana) BETWEEN 1 AND 100),
        work_prefecture            text NOT NULL CHECK (work_prefecture ${prefectureCheck}),
        home_prefecture            text CHECK (home_prefecture ${prefectureCheck}),
        language                   text NOT NULL CHECK (language IN ('ja', 'en')),
        roles                      text[] NOT NULL DEFAULT '{}',
        status                     text NOT NULL CHECK (status IN ('active', 'disabled')),
        disabled_at                timestamptz,
        purged_at                  timestamptz,
        data_key_id                text NOT NULL,
        company_email_ciphertext   text,
        company_email_lookup       text,
        private_emails_ciphertext  text,
        private_email_lookups      text[] NOT NULL DEFAULT '{}',
        mobile_phone_ciphertext    text,
        mobile_phone_lookup        text,
        created_at                 timestamptz NOT NULL DEFAULT now(),
        updated_at                 timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        UNIQUE (tenant_id, employee_number),
        CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX employees_keyset ON employees (tenant_id, employee_number, id)`);
    await queryRunner.query(`CREATE INDEX employees_company_email_lookup ON employees (tenant_id, company_email_lookup)`);
    await queryRunner.query(`CREATE INDEX employees_mobile_phone_lookup ON employees (tenant_id, mobile_phone_lookup)`);
    await queryRunner.query(`CREATE INDEX employees_private_email_lookups ON employees USING gin (private_email_lookups)`);
    await queryRunner.query(`CREATE INDEX employees_data_key ON employees (tenant_id, data_key_id)`);
    await queryRunner.query(`CREATE INDEX employees_purge_due ON employees (disabled_at) WHERE status = 'disabled' AND purged_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE employee_departments (
        tenant_id     uuid NOT NULL,
        employee_id   uuid NOT NULL,
        department_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, department_id),
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
      )`);
    await queryRunner.query(`CREATE INDEX employee_departments_department ON employee_departments (tenant_id, department_id)`);

    await queryRunner.query(`
      CREATE TABLE groups (
        id          uuid PRIMARY KEY,
        tenant_id   uuid NOT NULL,
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, id),
        UNIQUE (tenant_id, name)
      )`);
    await queryRunner.query(`
      CREATE TABLE group_members (
        tenant_id   uuid NOT NULL,
        group_id    uuid NOT NULL,
        employee_id uuid NOT NULL,
        PRIMARY KEY (tenant_id, group_id, employee_id),
        FOREIGN KEY (tenant_id, group_id) REFERENCES groups (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, employee_id) REFERENCES employees (tenant_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX group_members_employee ON group_members (tenant_id, employee_id)`);

    // Who did what, when, from where. No personal data in it (ids and field names only), and
    // append-only for everyone, the table owner included.
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id            bigserial PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        occurred_at   timestamptz NOT NULL DEFAULT now(),
        actor_kind    text NOT NULL CHECK (actor_kind IN ('user', 'system')),
        actor_id      text NOT NULL,
        actor_role    text,
        action        text NOT NULL,
        target_type   text NOT NULL,
        target_id     text,
        ip            inet,
        details       jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id DESC)`);
    await queryRunner.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);

    for (const table of ['tenant_data_keys', 'departments', 'employees', 'employee_departments', 'groups', 'group_members', 'audit_log']) {
      await enableTenantIsolation(queryRunner, table);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'group_members', 'groups', 'employee_departments', 'employees', 'departments', 'tenant_data_keys']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('DROP FUNCTION audit_log_is_append_only()');
    await queryRunner.query('DROP POLICY platform_tenant_listing ON tenants');
  }
}
