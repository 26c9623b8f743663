import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerts1764200000000 implements MigrationInterface {
  name = 'Alerts1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alerts (
        id                      uuid PRIMARY KEY,
        tenant_id               uuid NOT NULL,
        state                   text NOT NULL CHECK (state IN ('draft', 'sending', 'open', 'closed')),
        title                   text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
        message                 text NOT NULL CHECK (length(message) BETWEEN 1 AND 2000),
        questions               jsonb NOT NULL,
        target                  jsonb NOT NULL,
        channels                text[] NOT NULL CHECK (cardinality(channels) >= 1),
        drill                   boolean NOT NULL,
        source                  text NOT NULL CHECK (source IN ('manual', 'disaster-rule', 'internal')),
        created_by              text NOT NULL,
        idempotency_key         text,
        request_hash            text NOT NULL,
        resend_interval_minutes int NOT NULL CHECK (resend_interval_minutes >= 1),
        resend_max_rounds       int NOT NULL CHECK (resend_max_rounds >= 0),
        closes_at               timestamptz NOT NULL,
        closed_at               timestamptz,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, idempotency_key)
      )`);
    await queryRunner.query('CREATE INDEX alerts_open_by_closing_time ON alerts (closes_at) WHERE state IN (\'sending\', \'open\')');
    await enableTenantIsolation(queryRunner, 'alerts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE alerts');
  }
}
