import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class FanOut1764300000000 implements MigrationInterface {
  name = 'FanOut1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // A work queue of ids only (no personal data), claimed across tenants by the fan-out
    // workers, so not tenant-scoped — like the outbox.
    await queryRunner.query(`
      CREATE TABLE fan_out_jobs (
        tenant_id        uuid NOT NULL,
        alert_id         uuid NOT NULL,
        round            int NOT NULL CHECK (round >= 1),
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done')),
        cursor_recipient uuid,
        planned          int NOT NULL DEFAULT 0,
        created_at       timestamptz NOT NULL DEFAULT now(),
        updated_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alert_id, round)
      )`);
    await queryRunner.query(`CREATE INDEX fan_out_jobs_pending ON fan_out_jobs (created_at) WHERE status = 'pending'`);
    await queryRunner.query(`
      CREATE TABLE deliveries (
        id            uuid PRIMARY KEY,
        tenant_id     uuid NOT NULL,
        alert_id      uuid NOT NULL,
        round         int NOT NULL,
        recipient_id  uuid NOT NULL,
        channel_order text[] NOT NULL,
        state         text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced')),
        channel_used  text,
        attempts      int NOT NULL DEFAULT 0,
        last_error    text,
        queued_at     timestamptz NOT NULL DEFAULT now(),
        sent_at       timestamptz,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        UNIQUE (alert_id, round, recipient_id)
      )`);
    await queryRunner.query('CREATE INDEX deliveries_by_alert_state ON deliveries (alert_id, state)');
    await enableTenantIsolation(queryRunner, 'deliveries');
    // Dispatch's own copy of the directory, so it keeps sending when tenant-service is down.
    // Contact points are encrypted (field-encryption); targeting columns are plain ids/codes.
    await queryRunner.query(`
      CREATE TABLE directory_recipients (
        tenant_id          uuid NOT NULL,
        employee_id        uuid NOT NULL,
        active             boolean NOT NULL,
        language           text NOT NULL CHECK (language IN ('ja', 'en')),
        department_ids     uuid[] NOT NULL DEFAULT '{}',
        group_ids          uuid[] NOT NULL DEFAULT '{}',
        work_prefecture    text,
        home_prefecture    text,
        contact_ciphertext text NOT NULL,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await queryRunner.query('CREATE INDEX directory_recipients_departments ON directory_recipients USING gin (department_ids)');
    await queryRunner.query('CREATE INDEX directory_recipients_groups ON directory_recipients USING gin (group_ids)');
    await enableTenantIsolation(queryRunner, 'directory_recipients');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE directory_recipients');
    await queryRunner.query('DROP TABLE deliveries');
    await queryRunner.query('DROP TABLE fan_out_jobs');
  }
}
