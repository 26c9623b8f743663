import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which channels dispatch tried for each recipient of an alert, and how the latest delivery
 * went (issue 6: the non-responders list shows them), kept from `delivery.outcomes`. Channel
 * names and outcome kinds only, never an address. One row per alert and recipient: the
 * non-responders page joins it by primary key.
 */
export class ContactAttempts1765500000000 implements MigrationInterface {
  name = 'ContactAttempts1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE contact_attempts (
        alert_id        uuid NOT NULL,
        recipient_id    uuid NOT NULL,
        tenant_id       uuid NOT NULL,
        -- Every channel that was handed to a provider at least once, in the order first tried.
        channels        text[] NOT NULL,
        -- The latest delivery (newest last_attempt_at wins): the channel that sent it or was
        -- tried last; null when it reached no provider at all (no address on any channel).
        last_channel    text,
        last_state      text NOT NULL CHECK (last_state IN ('sent', 'failed', 'bounced')),
        last_attempt_at timestamptz NOT NULL,
        -- Deliveries recorded for this person (one per round sent; a send repeated after a
        -- dispatch pod died counts again).
        deliveries      int NOT NULL CHECK (deliveries > 0),
        PRIMARY KEY (alert_id, recipient_id)
      )`);
    await enableTenantIsolation(queryRunner, 'contact_attempts');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE contact_attempts');
  }
}
