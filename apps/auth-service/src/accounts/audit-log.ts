import { EntityManager } from 'typeorm';

export type AuditAction =
  | 'account_provisioned'
  | 'account_invited'
  | 'account_invitation_resent'
  | 'account_activated'
  | 'password_reset'
  | 'password_rehashed'
  | 'refresh_token_reused'
  | 'account_disabled'
  | 'directory_person_changed'
  | 'account_deleted'
  | 'mfa_enrolled'
  | 'mfa_recovery_code_used'
  | 'mfa_requirement_changed'
  | 'second_factor_reset';

export interface AuditEntry {
  tenantId: string;
  accountId: string;
  actorAccountId?: string;
  action: AuditAction;
  details?: Record<string, string | number | boolean>;
}

/** Append-only (a trigger refuses UPDATE and DELETE); written in the transaction it records. */
export class AuditLog {
  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    await manager.query('INSERT INTO auth_audit_log (tenant_id, account_id, actor_account_id, action, details) VALUES ($1, $2, $3, $4, $5)', [
      entry.tenantId,
      entry.accountId,
      entry.actorAccountId ?? null,
      entry.action,
      JSON.stringify(entry.details ?? {}),
    ]);
  }
}
