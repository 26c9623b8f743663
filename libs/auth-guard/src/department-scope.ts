import { Principal } from './principal';

/** Parent of each department (undefined/null for a root), as the owning service knows it. */
export type DepartmentParents = ReadonlyMap<string, string | null | undefined>;

/**
 * The subtree rule: owners and admins act on the whole tenant; a department admin only on
 * resources that belong to one of their departments or a descendant of one; members on no
 * department's resources (their own data has its own rules). A person in two departments is
 * in the scope of both departments' admins — during a disaster either may need to reach them.
 * A resource with no department is outside every department admin's scope.
 */
export function isWithinDepartmentScope(principal: Principal, departmentIdsOfResource: readonly string[], departmentParents: DepartmentParents): boolean {
  if (principal.role === 'owner' || principal.role === 'admin') return true;
  if (principal.role !== 'department_admin' || departmentIdsOfResource.length === 0) return false;
  const scopeRoots = new Set(principal.departmentIds);
  return departmentIdsOfResource.some((departmentId) => hasAncestorIn(departmentId, scopeRoots, departmentParents));
}

function hasAncestorIn(departmentId: string, roots: ReadonlySet<string>, parents: DepartmentParents): boolean {
  const visited = new Set<string>();
  // Walks up at most once per department: a corrupt (cyclic) tree ends the walk instead of looping.
  for (let current: string | null | undefined = departmentId; current && !visited.has(current); current = parents.get(current)) {
    if (roots.has(current)) return true;
    visited.add(current);
  }
  return false;
}
