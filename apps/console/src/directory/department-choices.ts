import type { Department } from '../api/tenant-api';
import { departmentTree } from './department-tree';

/** Above this many departments the check boxes get a filter: nobody scrolls through 200 boxes. */
export const departmentFilterThreshold = 12;

/** One check box of the departments group: in tree order, indented by depth. */
export interface DepartmentChoice {
  id: string;
  /** The name, or the whole path ("営業部 / 第一課") when another department has the same name. */
  label: string;
  depth: number;
}

/** The departments as check boxes in tree order, only those whose label or path contains `filter`. */
export function departmentChoices(departments: Department[], filter = ''): DepartmentChoice[] {
  const labels = departmentLabels(departments);
  const names = namesById(departments);
  const wanted = normalized(filter.trim());
  return departmentTree(departments)
    .map(({ department, depth }) => ({ id: department.id, label: labels.get(department.id)!, depth, searchable: pathText(department, names) }))
    .filter((choice) => wanted === '' || normalized(choice.searchable).includes(wanted))
    .map(({ id, label, depth }) => ({ id, label, depth }));
}

/** Each department's label; a repeated name ("第一課" in two divisions) says which one by its path. */
export function departmentLabels(departments: Department[]): Map<string, string> {
  const nameCounts = new Map<string, number>();
  for (const department of departments) nameCounts.set(department.name, (nameCounts.get(department.name) ?? 0) + 1);
  const names = namesById(departments);
  return new Map(departments.map((department) => [department.id, nameCounts.get(department.name)! > 1 ? pathText(department, names) : department.name]));
}

function namesById(departments: Department[]): Map<string, string> {
  return new Map(departments.map((department) => [department.id, department.name]));
}

/** The names from the root down to the department; ancestors the caller cannot see are left out. */
function pathText(department: Department, names: Map<string, string>): string {
  const ancestors = department.path.filter((id) => id !== department.id && names.has(id)).map((id) => names.get(id)!);
  return [...ancestors, department.name].join(' / ');
}

/** Full-width and half-width letters and digits match each other, and case does not matter. */
function normalized(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The selection after one box was (un)checked; the order of the others is kept. */
export function withDepartment(selected: readonly string[], departmentId: string, checked: boolean): string[] {
  const without = selected.filter((id) => id !== departmentId);
  return checked ? [...without, departmentId] : without;
}

/** Whether two selections hold the same departments, whatever the order. */
export function sameDepartments(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((id) => set.has(id));
}
