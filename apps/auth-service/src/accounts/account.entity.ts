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

  /** argon2id PHC string; its parameters travel with it. Null until activation. */
  @Column('text', { name: 'password_hash', nullable: true })
  passwordHash!: string | null;

  /** Roots of a department admin's scope (department ids owned by the directory). */
  @Column('uuid', { name: 'department_ids', array: true })
  departmentIds!: string[];

  /**
   * The person of the company's directory (tenant-service) this account belongs to, set by an
   * owner or admin; null when not linked. Travels in access tokens as `emp`. Not checked
   * against the directory, which auth-service does not own (like departmentIds).
   */
  @Column('uuid', { name: 'employee_id', nullable: true })
  employeeId!: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Column('timestamptz', { name: 'delete_after', nullable: true })
  deleteAfter!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
