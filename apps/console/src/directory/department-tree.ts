import type { Department } from '../api/tenant-api';

export interface DepartmentNode {
  department: Department;
  depth: number;
}

/** The flat department list as a tree in display order (parents before children, siblings by name). */
export function departmentTree(departments: Department[]): DepartmentNode[] {
  const children = new Map<string | null, Department[]>();
  const known = new Set(departments.map((department) => department.id));
  for (const department of departments) {
    // A parent outside the caller's scope: show the department at the top level.
    const parent = department.parentId && known.has(department.parentId) ? department.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), department]);
  }
  const ordered: DepartmentNode[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const department of [...(children.get(parent) ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'ja'))) {
      ordered.push({ department, depth });
      visit(department.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
}
