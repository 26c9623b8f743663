import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { EmployeeStore } from '../employees/employee-store';
import { conflictFromUniqueViolation, unprocessableField } from '../validation/field-error';
import { CreateGroup, GroupView, ReplaceMembers, UpdateGroup } from './group-schemas';

interface GroupRow {
  id: string;
  name: string;
  description: string;
  member_count: number;
  created_at: Date;
  updated_at: Date;
}

const columns = `g.id, g.name, g.description, g.created_at, g.updated_at,
  (SELECT count(*)::int FROM group_members gm WHERE gm.group_id = g.id) AS member_count`;
const uniqueFields = { groups_tenant_id_name_key: 'name' };

function toView(row: GroupRow): GroupView {
  return { id: row.id, name: row.name, description: row.description, memberCount: row.member_count, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString() };
}

/**
 * Groups (e.g. "crisis team", "night shift") cut across departments. Membership changes
 * re-announce the affected employees, whose `employee.upserted` carries their group ids.
 */
export class ManageGroups {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: DirectoryKeys,
    private readonly snapshots: EmployeeSnapshots,
  ) {}

  list(caller: Caller): Promise<GroupView[]> {
    return this.inTenant(caller, async (manager) => ((await manager.query(`SELECT ${columns} FROM groups g ORDER BY g.name LIMIT 10000`)) as GroupRow[]).map(toView));
  }

  get(caller: Caller, id: string): Promise<GroupView> {
    return this.inTenant(caller, (manager) => this.find(manager, id));
  }

  members(caller: Caller, id: string): Promise<{ employeeIds: string[] }> {
    return this.inTenant(caller, async (manager) => {
      await this.find(manager, id);
      const rows: { employee_id: string }[] = await manager.query('SELECT employee_id FROM group_members WHERE group_id = $1 ORDER BY employee_id', [id]);
      return { employeeIds: rows.map((row) => row.employee_id) };
    });
  }

  create(caller: Caller, command: CreateGroup): Promise<GroupView> {
    return this.inTenant(caller, async (manager) => {
      const id = randomUUID();
      await manager
        .query('INSERT INTO groups (id, tenant_id, name, description) VALUES ($1, $2, $3, $4)', [id, caller.principal.tenantId, command.name, command.description])
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      await this.audit(manager, caller, 'group.created', id, { fields: Object.keys(command) });
      return this.find(manager, id);
    });
  }

  update(caller: Caller, id: string, patch: UpdateGroup): Promise<GroupView> {
    return this.inTenant(caller, async (manager) => {
      const current = await this.find(manager, id);
      await manager
        .query('UPDATE groups SET name = $2, description = $3, updated_at = now() WHERE id = $1', [id, patch.name ?? current.name, patch.description ?? current.description])
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      await this.audit(manager, caller, 'group.updated', id, { fields: Object.keys(patch) });
      return this.find(manager, id);
    });
  }

  delete(caller: Caller, id: string): Promise<void> {
    return this.inTenant(caller, async (manager) => {
      await this.find(manager, id);
      const members = await this.memberIds(manager, id);
      await manager.query('DELETE FROM groups WHERE id = $1', [id]);
      await this.announceEmployees(manager, caller, members);
      await this.audit(manager, caller, 'group.deleted', id, {});
    });
  }

  replaceMembers(caller: Caller, id: string, command: ReplaceMembers): Promise<GroupView> {
    return this.inTenant(caller, async (manager) => {
      await this.find(manager, id);
      const wanted = [...new Set(command.employeeIds)];
      const known = new Set((await new EmployeeStore(manager).findMany(wanted)).map((employee) => employee.id));
      const unknownIndex = command.employeeIds.findIndex((employeeId) => !known.has(employeeId));
      if (unknownIndex >= 0) throw unprocessableField(`employeeIds.${unknownIndex}`, 'no such employee');
      const before = await this.memberIds(manager, id);
      await manager.query('DELETE FROM group_members WHERE group_id = $1 AND NOT (employee_id = ANY($2::uuid[]))', [id, wanted]);
      await manager.query(
        'INSERT INTO group_members (tenant_id, group_id, employee_id) SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING',
        [caller.principal.tenantId, id, wanted],
      );
      const wantedSet = new Set(wanted);
      const beforeSet = new Set(before);
      const added = wanted.filter((employeeId) => !beforeSet.has(employeeId));
      const removed = before.filter((employeeId) => !wantedSet.has(employeeId));
      await this.announceEmployees(manager, caller, [...added, ...removed]);
      await this.audit(manager, caller, 'group.members_replaced', id, { added: added.length, removed: removed.length });
      return this.find(manager, id);
    });
  }

  private async announceEmployees(manager: EntityManager, caller: Caller, employeeIds: string[]): Promise<void> {
    const tenantId = caller.principal.tenantId;
    const cipher = await this.keys.cipherFor(manager, tenantId);
    const employees = await new EmployeeStore(manager).findMany(employeeIds);
    await appendToOutbox(manager, employees.map((employee) => this.snapshots.upserted(tenantId, cipher, employee)));
  }

  private async memberIds(manager: EntityManager, groupId: string): Promise<string[]> {
    const rows: { employee_id: string }[] = await manager.query('SELECT employee_id FROM group_members WHERE group_id = $1', [groupId]);
    return rows.map((row) => row.employee_id);
  }

  private async find(manager: EntityManager, id: string): Promise<GroupView> {
    const rows: GroupRow[] = await manager.query(`SELECT ${columns} FROM groups g WHERE g.id = $1`, [id]);
    if (!rows[0]) throw new NotFoundException('group not found');
    return toView(rows[0]);
  }

  private audit(manager: EntityManager, caller: Caller, action: string, groupId: string, details: Record<string, unknown>): Promise<void> {
    return recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [{ action, targetType: 'group', targetId: groupId, details }]);
  }

  private inTenant<T>(caller: Caller, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTenantTransaction(this.dataSource, caller.principal.tenantId, work);
  }
}
