import { appendToOutbox, OutgoingEvent } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { ConflictException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { conflictFromUniqueViolation, unprocessableField } from '../validation/field-error';
import { CreateDepartment, DepartmentView, UpdateDepartment } from './department-schemas';
import { DepartmentStore } from './department-store';
import { assertMovable, DepartmentTreeError, maximumDepartmentDepth, pathUnder } from './department-tree';

const uniqueFields = { departments_tenant_id_code_key: 'code' };

export function departmentChanged(tenantId: string, department: DepartmentView, deleted = false): OutgoingEvent {
  return {
    type: 'department.changed',
    version: 1,
    tenantId,
    payload: { departmentId: department.id, parentId: department.parentId, path: department.path, name: department.name, deleted },
  };
}

/**
 * Departments of the caller's tenant. Every change commits with its `department.changed`
 * events (one per department whose path changed) and its audit entry.
 */
export class ManageDepartments {
  constructor(private readonly dataSource: DataSource) {}

  list(caller: Caller, limit = 10_000): Promise<DepartmentView[]> {
    return this.inTenant(caller, (store) => store.list(limit));
  }

  get(caller: Caller, id: string): Promise<DepartmentView> {
    return this.inTenant(caller, async (store) => (await store.find(id)) ?? notFound());
  }

  create(caller: Caller, command: CreateDepartment): Promise<DepartmentView> {
    return this.inTenant(caller, async (store, manager) => {
      const parentPath = command.parentId === null ? null : ((await store.find(command.parentId))?.path ?? unknownParent());
      const id = randomUUID();
      const department = await store
        .insert(caller.principal.tenantId, { id, name: command.name, code: command.code, parentId: command.parentId, path: treeRule(() => pathUnder(parentPath, id)) })
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      await this.announce(manager, caller, [department], { action: 'department.created', targetId: id, details: { parentId: command.parentId } });
      return department;
    });
  }

  update(caller: Caller, id: string, patch: UpdateDepartment): Promise<DepartmentView> {
    return this.inTenant(caller, async (store, manager) => {
      const current = (await store.find(id, { lock: true })) ?? notFound();
      const renamed = await store
        .rename(id, patch.name ?? current.name, patch.code === undefined ? current.code : patch.code)
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      const moves = patch.parentId !== undefined && patch.parentId !== current.parentId;
      const changed = moves ? await this.move(store, current, patch.parentId ?? null) : [renamed];
      await this.announce(manager, caller, changed, { action: moves ? 'department.moved' : 'department.updated', targetId: id, details: { fields: Object.keys(patch) } });
      return changed.find((department) => department.id === id) ?? renamed;
    });
  }

  delete(caller: Caller, id: string): Promise<void> {
    return this.inTenant(caller, async (store, manager) => {
      const current = (await store.find(id, { lock: true })) ?? notFound();
      const { children, members } = await store.hasChildrenOrMembers(id);
      if (children || members) {
        throw new ConflictException(`the department still has ${children ? 'sub-departments' : 'members'}; move them first`);
      }
      await store.delete(id);
      await appendToOutbox(manager, [departmentChanged(caller.principal.tenantId, current, true)]);
      await recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [{ action: 'department.deleted', targetType: 'department', targetId: id }]);
    });
  }

  private async move(store: DepartmentStore, current: DepartmentView, newParentId: string | null): Promise<DepartmentView[]> {
    const newParentPath = newParentId === null ? null : ((await store.find(newParentId))?.path ?? unknownParent());
    treeRule(() => assertMovable(current.id, newParentPath));
    const newPath = treeRule(() => pathUnder(newParentPath, current.id));
    try {
      return await store.moveSubtree(current.id, current.path, newParentId, newPath);
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23514') {
        throw unprocessableField('parentId', `the moved sub-departments would nest deeper than ${maximumDepartmentDepth} levels`);
      }
      throw error;
    }
  }

  private async announce(manager: EntityManager, caller: Caller, changed: DepartmentView[], audit: { action: string; targetId: string; details: Record<string, unknown> }) {
    await appendToOutbox(manager, changed.map((department) => departmentChanged(caller.principal.tenantId, department)));
    await recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [{ ...audit, targetType: 'department' }]);
  }

  private inTenant<T>(caller: Caller, work: (store: DepartmentStore, manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTenantTransaction(this.dataSource, caller.principal.tenantId, (manager) => work(new DepartmentStore(manager), manager));
  }
}

function notFound(): never {
  throw new NotFoundException('department not found');
}

function unknownParent(): never {
  throw unprocessableField('parentId', 'no such department');
}

function treeRule<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof DepartmentTreeError) throw unprocessableField(error.field, error.message);
    throw error;
  }
}
