import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Resends1764800000000 implements MigrationInterface {
  name = 'Resends1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Who has answered (from response.received): re-sends skip them, queued sends to them are cancelled.
    await queryRunner.query(`
      CREATE TABLE responded_recipients (
        tenant_id    uuid NOT NULL,
        alert_id     uuid NOT NULL,
        recipient_id uuid NOT NULL,
        responded_at timestamptz NOT NULL,
        PRIMARY KEY (alert_id, recipient_id)
      )`);
    await enableTenantIsolation(queryRunner, 'responded_recipients');
    await queryRunner.query(`ALTER TABLE alerts ADD COLUMN rounds_started int NOT NULL DEFAULT 1, ADD COLUMN last_round_at timestamptz NOT NULL DEFAULT now()`);
    await queryRunner.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check`);
    await queryRunner.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced', 'cancelled'))`);
    // The scheduler's question — which open alerts are due a round or due to close — across tenants.
    await queryRunner.query(`
      CREATE TABLE alert_schedule (
        alert_id       uuid PRIMARY KEY,
        tenant_id      uuid NOT NULL,
        next_round_at  timestamptz,
        closes_at      timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX alert_schedule_due ON alert_schedule (least(coalesce(next_round_at, closes_at), closes_at))');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE alert_schedule');
    await queryRunner.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check`);
    await queryRunner.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced'))`);
    await queryRunner.query('ALTER TABLE alerts DROP COLUMN rounds_started, DROP COLUMN last_round_at');
    await queryRunner.query('DROP TABLE responded_recipients');
  }
}
