import type { Principal } from '@anpi/auth-guard';

/** A department's path from the root down to itself (ids), as stored in `departments.path`. */
export type DepartmentPath = readonly string[];

/**
 * The subtree rule, on paths: owners and admins act on the whole tenant; a department admin
 * on what belongs to one of their scope roots or anything below one; members on nothing.
 * A person in two departments is in the scope of both departments' admins.
 */
export function isInScope(principal: Principal, departmentPaths: readonly DepartmentPath[]): boolean {
  if (principal.role === 'owner' || principal.role === 'admin') return true;
  if (principal.role !== 'department_admin') return false;
  const roots = new Set(principal.departmentIds);
  return departmentPaths.some((path) => path.some((departmentId) => roots.has(departmentId)));
}

/**
 * Private contacts (private e-mails, mobile phone, home prefecture) are for those who must
 * reach the person in a disaster: admins, and department admins within their subtree.
 * Everyone else sees the company directory view.
 */
export function maySeePrivateContacts(principal: Principal, employeeDepartmentPaths: readonly DepartmentPath[]): boolean {
  return isInScope(principal, employeeDepartmentPaths);
}

/**
 * A department admin may change an employee only while the employee is in their scope both
 * before and after the change (no moving people out of reach, or pulling them in from outside).
 */
export function mayWriteEmployee(principal: Principal, pathsBefore: readonly DepartmentPath[] | undefined, pathsAfter: readonly DepartmentPath[]): boolean {
  return (pathsBefore === undefined || isInScope(principal, pathsBefore)) && isInScope(principal, pathsAfter);
}
