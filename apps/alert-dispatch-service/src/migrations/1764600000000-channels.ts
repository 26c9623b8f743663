import { MigrationInterface, QueryRunner } from 'typeorm';
import { createChannelTables, dropChannelTables } from '../channels';
import { createTemplateTables } from '../templates';

export class Channels1764600000000 implements MigrationInterface {
  name = 'Channels1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await createChannelTables(queryRunner);
    await createTemplateTables(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS message_templates');
    await dropChannelTables(queryRunner);
  }
}
