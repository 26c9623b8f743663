import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Widening to everyone, per-channel progress, manual "send again" with a subset, per-tenant channel settings. */
export class DispatchProgressWideningSettings1765100000000 implements MigrationInterface {
  name = 'DispatchProgressWideningSettings1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The target stays as the admin wrote it; widened_at says round 1 was re-run for everyone.
    await queryRunner.query(`ALTER TABLE alerts ADD COLUMN widen_to_all_after_minutes int CHECK (widen_to_all_after_minutes >= 1), ADD COLUMN widened_at timestamptz`);
    await queryRunner.query(`ALTER TABLE alert_schedule ADD COLUMN widen_at timestamptz, ADD COLUMN progress_reported_at timestamptz, ADD COLUMN progress_fingerprint text`);
    // Which non-responders a manual "send again" asks (departments and/or people); NULL = all of them.
    await queryRunner.query(`ALTER TABLE fan_out_jobs ADD COLUMN recipient_filter jsonb`);
    // The progress reporter asks "did anything change since the last report?" per alert.
    await queryRunner.query('CREATE INDEX deliveries_by_alert_change ON deliveries (alert_id, updated_at)');
    await queryRunner.query(`
      CREATE TABLE manual_resends (
        tenant_id       uuid NOT NULL,
        alert_id        uuid NOT NULL,
        idempotency_key text NOT NULL,
        request_hash    text NOT NULL,
        round           int NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (alert_id, idempotency_key)
      )`);
    await enableTenantIsolation(queryRunner, 'manual_resends');
    // Provider credentials of one tenant, sealed with CHANNEL_SETTINGS_KEYS (bound to the tenant).
    await queryRunner.query(`
      CREATE TABLE tenant_channel_settings (
        tenant_id           uuid PRIMARY KEY,
        settings_ciphertext text NOT NULL,
        updated_by          text NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await enableTenantIsolation(queryRunner, 'tenant_channel_settings');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE tenant_channel_settings');
    await queryRunner.query('DROP TABLE manual_resends');
    await queryRunner.query('DROP INDEX deliveries_by_alert_change');
    await queryRunner.query('ALTER TABLE fan_out_jobs DROP COLUMN recipient_filter');
    await queryRunner.query('ALTER TABLE alert_schedule DROP COLUMN widen_at, DROP COLUMN progress_reported_at, DROP COLUMN progress_fingerprint');
    await queryRunner.query('ALTER TABLE alerts DROP COLUMN widen_to_all_after_minutes, DROP COLUMN widened_at');
  }
}
