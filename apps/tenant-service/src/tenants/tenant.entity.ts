import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'tenants' })
export class Tenant {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  slug!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text', { name: 'default_language' })
  defaultLanguage!: 'ja' | 'en';

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('boolean', { name: 'allow_plain_http_answer_links' })
  allowPlainHttpAnswerLinks!: boolean;

  @Column('text')
  status!: 'active' | 'suspended';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
