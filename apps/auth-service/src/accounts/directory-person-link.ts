import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { FieldProblem } from '@anpi/service-bootstrap';
import { ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { mayManageAccountOf } from './account-authority';
import { AccountView, accountViewOf } from './account-view';
import { Account } from './account.entity';
import { AuditLog } from './audit-log';

/** `null` unlinks. Required either way: a missing field is a mistake, not "unlink". */
export const directoryPersonCommandSchema = z.object({ employeeId: z.uuid().nullable() }).strict();
export type DirectoryPersonCommand = z.infer<typeof directoryPersonCommandSchema>;

/** The partial unique index of migration DirectoryPerson1766100000000: one account per person and tenant. */
const ONE_ACCOUNT_PER_PERSON = 'accounts_employee_id_key';

/** 409 in the standard error shape, naming the field like the directory's own `taken` conflicts. */
export function personTaken(): ConflictException {
  const problem: FieldProblem = { path: 'employeeId', rule: 'taken', message: 'another account of your company is already linked to this person' };
  return new ConflictException({ error: 'Conflict', message: 'employeeId is already in use', details: [problem] });
}

export function isOnePersonOneAccountViolation(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === ONE_ACCOUNT_PER_PERSON;
}

/** Whether `actor` may link or unlink `target`: whoever may manage the account, and anyone their own (that is the point of issue 6). */
export function mayLinkDirectoryPersonOf(actor: Principal, target: Pick<Account, 'id' | 'role'>): boolean {
  return target.id === actor.userId || mayManageAccountOf(actor.role, target.role);
}

/**
 * Links an account to the person of the company's directory it belongs to (or unlinks it), so
 * its access tokens say whose safety check it answers (`emp`). The directory is tenant-service's:
 * the id is not checked to exist here, as with department ids; tenant-service and
 * response-collection decide what an unknown person means.
 *
 * A change voids the account's access tokens issued until now (auth.access-revoked), as a role
 * change does, so no token keeps stating the old link for up to 15 minutes; the refresh token
 * lives on, and the next refresh issues a token with the new link. Audited.
 */
export class DirectoryPersonLink {
  constructor(
    private readonly dataSource: DataSource,
    private readonly revocations: AccessRevocationAnnouncer,
    private readonly auditLog: AuditLog,
    private readonly waitForNextSecond: () => Promise<void> = untilNextSecond,
  ) {}

  async execute(actor: Principal, accountId: string, { employeeId }: DirectoryPersonCommand): Promise<AccountView> {
    const { view, changed } = await runInTenantTransaction(this.dataSource, actor.tenantId, async (manager) => {
      // Locked: two concurrent changes must not both announce and audit from the same "before".
      const account = await manager.getRepository(Account).findOne({ where: { id: accountId }, lock: { mode: 'pessimistic_write' } });
      if (!account) throw new NotFoundException('no such account in your company');
      if (!mayLinkDirectoryPersonOf(actor, account)) throw new ForbiddenException(`your role cannot change a ${account.role}'s directory person`);
      if (account.employeeId === employeeId) return { view: accountViewOf(account), changed: false };
      // Unlinking a disabled account stays possible: it frees the person for their next account.
      if (employeeId !== null && account.status === 'disabled') throw new ConflictException('the account is disabled; it cannot be linked to a person');

      try {
        await manager.query('UPDATE accounts SET employee_id = $2, updated_at = now() WHERE id = $1', [account.id, employeeId]);
      } catch (error) {
        if (isOnePersonOneAccountViolation(error)) throw personTaken();
        throw error;
      }
      const previousEmployeeId = account.employeeId;
      account.employeeId = employeeId;
      // The reason `role_changed` stands for "what the account's tokens state changed"; see docs/events.md.
      await this.revocations.announce(manager, account, 'role_changed');
      await this.auditLog.record(manager, {
        tenantId: actor.tenantId,
        accountId: account.id,
        actorAccountId: actor.userId,
        action: 'directory_person_changed',
        details: { role: account.role, ...(previousEmployeeId ? { previousEmployeeId } : {}), ...(employeeId ? { employeeId } : {}) },
      });
      return { view: accountViewOf(account), changed: true };
    });
    // Revocation has one-second resolution (a token issued in the second of the revocation is
    // refused too). Whoever changed their own link refreshes right after this answer; that token
    // must be accepted, or the console's single retry would end their session.
    if (changed && accountId === actor.userId) await this.waitForNextSecond();
    return view;
  }
}

async function untilNextSecond(): Promise<void> {
  await sleep(1_000 - (Date.now() % 1_000) + 1);
}
