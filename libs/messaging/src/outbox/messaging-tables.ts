import { QueryRunner } from 'typeorm';

/**
 * Each service's first migration creates these. The outbox is not tenant-scoped (the relay
 * reads every tenant's rows); the inbox records which events a consumer group has applied.
 */
export async function createMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE outbox (
      id            bigserial PRIMARY KEY,
      event_id      uuid NOT NULL UNIQUE,
      topic         text NOT NULL,
      message_key   text NOT NULL,
      envelope      jsonb NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`
    CREATE TABLE inbox (
      consumer_group text NOT NULL,
      event_id       uuid NOT NULL,
      topic          text NOT NULL,
      processed_at   timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer_group, event_id)
    )`);
  await queryRunner.query(`CREATE INDEX inbox_processed_at ON inbox (processed_at)`);
}

export async function dropMessagingTables(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE IF EXISTS inbox');
  await queryRunner.query('DROP TABLE IF EXISTS outbox');
}
