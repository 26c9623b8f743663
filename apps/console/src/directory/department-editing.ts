import type { Department, DepartmentPatch, NewDepartment } from '../api/tenant-api';
import { departmentChoices, DepartmentChoice } from './department-choices';

/** Who may create, change, move and delete departments and groups: the service lets only owners and admins (not department admins). */
const administratorRoles: readonly string[] = ['owner', 'admin'];

export function isDirectoryAdministrator(role: string | undefined): boolean {
  return role !== undefined && administratorRoles.includes(role);
}

/** The department form as typed: '' for "no code" and for "top level". */
export interface DepartmentFormValues {
  name: string;
  code: string;
  parentId: string;
}

export function blankDepartmentValues(parentId = ''): DepartmentFormValues {
  return { name: '', code: '', parentId };
}

export function departmentFormValuesOf(department: Department): DepartmentFormValues {
  return { name: department.name, code: department.code ?? '', parentId: department.parentId ?? '' };
}

/**
 * The departments a department may be put under: every one except itself and those below it
 * (the service refuses such a move, as it would cut the branch off the tree). A new department
 * (no id) may go anywhere.
 */
export function parentChoices(departments: Department[], departmentId?: string): DepartmentChoice[] {
  if (departmentId === undefined) return departmentChoices(departments);
  const ownSubtree = new Set(departments.filter((department) => department.path.includes(departmentId)).map((department) => department.id));
  ownSubtree.add(departmentId);
  return departmentChoices(departments).filter((choice) => !ownSubtree.has(choice.id));
}

/** The POST body: trimmed; an empty code or parent is sent as `null` (none, top level). */
export function newDepartmentBody(values: DepartmentFormValues): NewDepartment {
  return { name: values.name.trim(), code: values.code.trim() || null, parentId: values.parentId || null };
}

/** The PATCH body: only what differs from the stored department (empty when nothing changed). */
export function departmentPatch(department: Department, values: DepartmentFormValues): DepartmentPatch {
  const wanted = newDepartmentBody(values);
  const patch: DepartmentPatch = {};
  if (wanted.name !== department.name) patch.name = wanted.name;
  if (wanted.code !== department.code) patch.code = wanted.code;
  if (wanted.parentId !== department.parentId) patch.parentId = wanted.parentId;
  return patch;
}

/** The departments directly under `departmentId` (a department with any cannot be deleted). */
export function subDepartmentsOf(departments: Department[], departmentId: string): Department[] {
  return departments.filter((department) => department.parentId === departmentId);
}
