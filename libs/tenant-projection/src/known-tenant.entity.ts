import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service's own copy of the tenants it serves, kept from `tenant.created` events. */
@Entity({ name: 'known_tenants' })
export class KnownTenant {
  @PrimaryColumn('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text', { name: 'default_language' })
  defaultLanguage!: 'ja' | 'en';

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('boolean', { name: 'allow_plain_http_answer_links' })
  allowPlainHttpAnswerLinks!: boolean;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
