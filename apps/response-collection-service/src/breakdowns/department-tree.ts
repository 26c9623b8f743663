import { DepartmentParents, isWithinDepartmentScope, Principal } from '@anpi/auth-guard';
import { EntityManager } from 'typeorm';

export interface DepartmentTree {
  parents: DepartmentParents;
  names: ReadonlyMap<string, string>;
}

/** The tenant's departments as last projected from `department.changed`. */
export async function readDepartmentTree(manager: EntityManager): Promise<DepartmentTree> {
  const rows: { department_id: string; parent_id: string | null; name: string }[] = await manager.query('SELECT department_id, parent_id, name FROM directory_departments');
  return {
    parents: new Map(rows.map((row) => [row.department_id, row.parent_id])),
    names: new Map(rows.map((row) => [row.department_id, row.name])),
  };
}

/** Department ids the caller may see (department admins: their subtrees only). */
export function visibleDepartment(principal: Principal, tree: DepartmentTree, departmentId: string): boolean {
  return isWithinDepartmentScope(principal, [departmentId], tree.parents);
}

/**
 * SQL condition parameter for rows carrying a rolled-up `department_scope`: null for owners and
 * admins (everything), the admin's scope roots for a department admin. A scope that contains a
 * root means the recipient sits in that root's subtree.
 */
export function scopeRootsOf(principal: Principal): string[] | null {
  return principal.role === 'owner' || principal.role === 'admin' ? null : principal.departmentIds;
}
