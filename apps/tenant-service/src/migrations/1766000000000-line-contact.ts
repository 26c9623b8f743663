import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An employee's LINE user id (the id the company's LINE official account sees once the person
 * has added it as a friend), so dispatch can push alerts over LINE. Encrypted like the other
 * contact points, under the tenant's data key and bound to tenant, employee and field. No blind
 * index: nobody looks a person up by it.
 */
export class LineContact1766000000000 implements MigrationInterface {
  name = 'LineContact1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE employees ADD COLUMN line_user_id_ciphertext text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE employees DROP COLUMN line_user_id_ciphertext');
  }
}
