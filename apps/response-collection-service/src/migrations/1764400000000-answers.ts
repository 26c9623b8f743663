import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Answers1764400000000 implements MigrationInterface {
  name = 'Answers1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE alert_projections (
        alert_id   uuid PRIMARY KEY,
        tenant_id  uuid NOT NULL,
        title      text NOT NULL,
        message    text NOT NULL,
        questions  jsonb NOT NULL,
        drill      boolean NOT NULL,
        closes_at  timestamptz NOT NULL,
        closed_at  timestamptz
      )`);
    await enableTenantIsolation(queryRunner, 'alert_projections');
    // Looked up by the hash of the token in the link, before any tenant is known: the token is
    // the credential. Holds hashes and ids only, so it is not tenant-scoped (like the outbox).
    await queryRunner.query(`
      CREATE TABLE answer_links (
        token_hash   text PRIMARY KEY,
        tenant_id    uuid NOT NULL,
        alert_id     uuid NOT NULL,
        recipient_id uuid NOT NULL,
        valid_until  timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX answer_links_by_alert ON answer_links (alert_id)');
    await queryRunner.query(`
      CREATE TABLE answers (
        alert_id          uuid NOT NULL,
        recipient_id      uuid NOT NULL,
        tenant_id         uuid NOT NULL,
        answers           jsonb NOT NULL,
        revision          int NOT NULL CHECK (revision >= 1),
        first_answered_at timestamptz NOT NULL,
        answered_at       timestamptz NOT NULL,
        PRIMARY KEY (alert_id, recipient_id)
      )`);
    await enableTenantIsolation(queryRunner, 'answers');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE answers');
    await queryRunner.query('DROP TABLE answer_links');
    await queryRunner.query('DROP TABLE alert_projections');
  }
}
