import { Principal } from '@anpi/auth-guard';
import { normaliseEmail } from '@anpi/field-encryption';
import { runInTenantTransaction } from '@anpi/persistence';
import { ConflictException, ForbiddenException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { AccountActivationMail } from '../activation/account-activation-mail';

export const inviteCommandSchema = z
  .object({
    email: z.email().max(254),
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(['admin', 'department_admin', 'member']),
    departmentIds: z.array(z.uuid()).max(100).default([]),
  })
  .strict()
  .refine((command) => (command.role === 'department_admin') === command.departmentIds.length > 0, {
    message: 'a department admin needs at least one department; other roles none',
    path: ['departmentIds'],
  });

export type InviteCommand = z.infer<typeof inviteCommandSchema>;

/** Who may invite which role: admins are made by owners only. */
const invitableRoles: Record<Principal['role'], readonly InviteCommand['role'][]> = {
  owner: ['admin', 'department_admin', 'member'],
  admin: ['department_admin', 'member'],
  department_admin: [],
  member: [],
};

/** Whether an inviter of `inviterRole` may invite (or invite again) someone as `role`. */
export function mayInvite(inviterRole: Principal['role'], role: string): boolean {
  return (invitableRoles[inviterRole] as readonly string[]).includes(role);
}

/** An owner or admin invites staff of their own tenant: a pending account and a single-use link by mail. */
export class InviteAccount {
  constructor(
    private readonly dataSource: DataSource,
    private readonly personalData: AccountPersonalData,
    private readonly activationMail: AccountActivationMail,
    private readonly auditLog: AuditLog,
  ) {}

  async execute(inviter: Principal, command: InviteCommand): Promise<{ id: string; role: string; status: 'pending_activation' }> {
    if (!mayInvite(inviter.role, command.role)) {
      throw new ForbiddenException(`your role cannot invite a ${command.role}`);
    }
    const { tenantId } = inviter;
    const accountId = randomUUID();
    const email = normaliseEmail(command.email);
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO accounts (id, tenant_id, role, status, email_lookup, email_ciphertext, display_name_ciphertext, department_ids)
         VALUES ($1, $2, $3, 'pending_activation', $4, $5, $6, $7)
         ON CONFLICT (tenant_id, email_lookup) DO NOTHING RETURNING id`,
        [
          accountId,
          tenantId,
          command.role,
          this.personalData.lookupOf(email, tenantId),
          this.personalData.seal(email, tenantId, accountId),
          this.personalData.seal(command.displayName, tenantId, accountId),
          command.departmentIds,
        ],
      );
      if (inserted.length === 0) throw new ConflictException('an account with this e-mail exists in your company');
      await this.activationMail.send(manager, { tenantId, accountId, email, displayName: command.displayName });
      await this.auditLog.record(manager, { tenantId, accountId, actorAccountId: inviter.userId, action: 'account_invited', details: { role: command.role } });
      return { id: accountId, role: command.role, status: 'pending_activation' as const };
    });
  }
}
