import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type AccountRole = 'owner' | 'admin' | 'department_admin' | 'member';
export type AccountStatus = 'pending_activation' | 'active' | 'disabled';

@Entity({ name: 'accounts' })
export class Account {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  role!: AccountRole;

  @Column('text')
  status!: AccountStatus;

  @Column('text', { name: 'email_lookup' })
  emailLookup!: string;

  @Column('text', { name: 'email_ciphertext' })
  emailCiphertext!: string;

  @Column('text', { name: 'display_name_ciphertext' })
  displayNameCiphertext!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
