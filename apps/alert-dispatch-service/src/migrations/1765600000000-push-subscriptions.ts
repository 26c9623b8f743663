import { enableTenantIsolation } from '@anpi/persistence';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Web Push subscriptions that employees make on their answer page (issue 5: "employees can
 * subscribe from the answer page"), kept where they are used: dispatch sends the pushes.
 * A subscription is a contact point (whoever holds it can push to that browser), so it is
 * stored sealed like the directory's contacts; `endpoint_digest` (SHA-256 of the endpoint)
 * keeps one row per browser without the endpoint in clear. Row-level security as everywhere.
 */
export class PushSubscriptions1765600000000 implements MigrationInterface {
  name = 'PushSubscriptions1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE push_subscriptions (
        tenant_id       uuid NOT NULL,
        recipient_id    uuid NOT NULL,
        endpoint_digest text NOT NULL,
        sealed          text NOT NULL,
        registered_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, recipient_id, endpoint_digest)
      )`);
    await enableTenantIsolation(queryRunner, 'push_subscriptions');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE push_subscriptions');
  }
}
