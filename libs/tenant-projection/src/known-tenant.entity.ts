import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A service's own copy of the tenants it serves, kept from `tenant.created` and `tenant.settings-changed` events. */
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

  /** When the settings this row shows were made (the event's time): older events never overwrite them. */
  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
