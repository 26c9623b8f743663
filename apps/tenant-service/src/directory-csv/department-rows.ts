import { z } from 'zod';
import { DepartmentView } from '../departments/department-schemas';
import { maximumDepartmentDepth } from '../departments/department-tree';
import { CsvTable } from './csv-decoding';
import { DepartmentColumn, departmentColumnOfHeader, looksLikeFormula, requiredDepartmentColumns, restoreNeutralisedCell } from './directory-columns';
import { HeaderLayout, layoutOf, RowProblem } from './directory-rows';

const departmentCode = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

/** One row of a department file, with the REST API's rules for names and codes. */
export const departmentRowSchema = z
  .object({
    code: departmentCode,
    name: z.string().min(1).max(200),
    parentCode: departmentCode.nullable(),
  })
  .strict();

export type DepartmentRow = z.infer<typeof departmentRowSchema> & { line: number };

export function departmentLayoutOf(headers: readonly string[], adminMapping: Record<string, string>): HeaderLayout<DepartmentColumn> {
  return layoutOf(headers, (header) => departmentColumnOfHeader(header, adminMapping), requiredDepartmentColumns);
}

/** Checks each row on its own and codes against each other; the tree is checked by `planDepartments`. */
export function readDepartmentRows(table: CsvTable, layout: HeaderLayout<DepartmentColumn>): { rows: DepartmentRow[]; problems: RowProblem[] } {
  const rows: DepartmentRow[] = [];
  const problems: RowProblem[] = [];
  const firstLineOfCode = new Map<string, number>();
  const header = (column: DepartmentColumn) => layout.headerOf.get(column) ?? column;
  for (const { line, cells } of table.rows) {
    const fields: Record<string, unknown> = { parentCode: null };
    const rowProblems: RowProblem[] = [];
    cells.forEach((raw, index) => {
      const column = layout.columnAt[index]!;
      const cell = restoreNeutralisedCell(raw.trim());
      if (looksLikeFormula(cell)) rowProblems.push({ line, column: header(column), reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' });
      fields[column] = cell === '' && column === 'parentCode' ? null : cell;
    });
    const parsed = departmentRowSchema.safeParse(fields);
    if (!parsed.success) rowProblems.push(...parsed.error.issues.map((issue) => ({ line, column: header(issue.path[0] as DepartmentColumn), reason: issue.message })));
    if (rowProblems.length > 0 || !parsed.success) {
      problems.push(...rowProblems);
      continue;
    }
    const earlier = firstLineOfCode.get(parsed.data.code);
    if (earlier !== undefined) {
      problems.push({ line, column: header('code'), reason: `duplicate department code (first on line ${earlier})` });
      continue;
    }
    firstLineOfCode.set(parsed.data.code, line);
    rows.push({ ...parsed.data, line });
  }
  return { rows, problems };
}

export interface DepartmentPlan {
  /** New departments, parents before children. */
  creates: { line: number; id: string; code: string; name: string; parentId: string | null; path: string[] }[];
  renames: { line: number; id: string; code: string | null; name: string }[];
  problems: RowProblem[];
}

/**
 * Upsert by code: a new code creates a department under its parent (named in the file or
 * already in the directory); a known code renames. `existingByCode` also holds every
 * department under its id, which is how export names departments that have no code. Moving an existing department is left to
 * the API, where its whole subtree moves with it and the move is checked one at a time.
 */
export function planDepartments(rows: readonly DepartmentRow[], existingByCode: ReadonlyMap<string, DepartmentView>, newId: () => string, headerOf: (column: DepartmentColumn) => string): DepartmentPlan {
  const plan: DepartmentPlan = { creates: [], renames: [], problems: [] };
  const pathOfCode = new Map<string, string[]>([...existingByCode].map(([code, department]) => [code, department.path]));
  const idOfCode = new Map<string, string>([...existingByCode].map(([code, department]) => [code, department.id]));
  const codeOfId = new Map<string, string>([...existingByCode.values()].map((department) => [department.id, department.code ?? department.id]));
  const pending: DepartmentRow[] = [];
  for (const row of rows) {
    const existing = existingByCode.get(row.code);
    if (!existing) {
      pending.push(row);
      continue;
    }
    const currentParentCode = existing.parentId === null ? null : (codeOfId.get(existing.parentId) ?? existing.parentId);
    if (row.parentCode !== currentParentCode) {
      plan.problems.push({ line: row.line, column: headerOf('parentCode'), reason: 'moving an existing department is not done by import; use PATCH /v1/directory/departments/:id' });
    } else if (row.name !== existing.name) {
      plan.renames.push({ line: row.line, id: existing.id, code: existing.code, name: row.name });
    }
  }
  // Parents first: each pass places the rows whose parent is now known; what is left names a missing parent or a cycle.
  let placed = true;
  while (pending.length > 0 && placed) {
    placed = false;
    for (const row of [...pending]) {
      const parentPath = row.parentCode === null ? [] : pathOfCode.get(row.parentCode);
      if (parentPath === undefined) continue;
      pending.splice(pending.indexOf(row), 1);
      placed = true;
      const id = newId();
      const path = [...parentPath, id];
      if (path.length > maximumDepartmentDepth) {
        plan.problems.push({ line: row.line, column: headerOf('parentCode'), reason: `departments nest at most ${maximumDepartmentDepth} levels deep` });
        continue;
      }
      pathOfCode.set(row.code, path);
      idOfCode.set(row.code, id);
      plan.creates.push({ line: row.line, id, code: row.code, name: row.name, parentId: row.parentCode === null ? null : idOfCode.get(row.parentCode)!, path });
    }
  }
  const codesInFile = new Set(rows.map((row) => row.code));
  for (const row of pending) {
    const reason = codesInFile.has(row.parentCode!) ? 'the parent codes form a cycle' : `no department with code ${row.parentCode} in the file or the directory`;
    plan.problems.push({ line: row.line, column: headerOf('parentCode'), reason });
  }
  plan.problems.sort((left, right) => left.line - right.line);
  return plan;
}
