import { ContactPoints } from '../contact-encryption/contact-vault';
import { EmployeeRecord } from '../employees/employee-record';
import { EmployeeAttributes } from '../employees/employee-store';
import { DirectoryColumn } from './directory-columns';
import { DirectoryRow, ImportCandidate, RowProblem } from './directory-rows';

/** An employee as the import will write it: every field decided, contacts still in plaintext (memory only). */
export interface PlannedEmployee {
  line: number;
  attributes: EmployeeAttributes;
  contacts: ContactPoints;
  /** Undefined when the file has no department column: memberships stay as they are. */
  departmentIds: string[] | undefined;
}

/** Rows naming a department the tenant does not have (by code, or by id as export writes code-less ones). */
export function unknownDepartments(candidates: readonly ImportCandidate[], departmentIdOf: ReadonlyMap<string, string>, header: string): RowProblem[] {
  return candidates.flatMap(({ line, row }) =>
    row.departmentCodes.filter((code) => !departmentIdOf.has(code)).map((code) => ({ line, column: header, reason: `no department with code ${code}` })),
  );
}

const attributeColumns = ['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture', 'homePrefecture', 'language', 'roles', 'active'] as const;
const contactColumns = ['companyEmail', 'privateEmails', 'mobilePhone', 'lineUserId'] as const;

/**
 * Upsert semantics: a column the file has replaces the employee's value (an empty cell
 * clears it); a column the file lacks keeps the current value of an existing employee and
 * takes the REST API's default for a new one.
 */
export function planEmployee(
  candidate: ImportCandidate,
  presentColumns: ReadonlySet<DirectoryColumn>,
  departmentIdOf: ReadonlyMap<string, string>,
  current: { record: EmployeeRecord; contacts: ContactPoints } | undefined,
): PlannedEmployee {
  const { row } = candidate;
  const currentAttributes: EmployeeAttributes | undefined = current && { ...current.record, active: current.record.status === 'active' };
  const pick = <K extends keyof EmployeeAttributes & keyof DirectoryRow>(column: K) =>
    presentColumns.has(column) || !currentAttributes ? row[column] : currentAttributes[column];
  const pickContact = <K extends keyof ContactPoints & keyof DirectoryRow>(column: K) => (presentColumns.has(column) || !current ? row[column] : current.contacts[column]);
  return {
    line: candidate.line,
    attributes: Object.fromEntries(attributeColumns.map((column) => [column, pick(column)])) as unknown as EmployeeAttributes,
    contacts: Object.fromEntries(contactColumns.map((column) => [column, pickContact(column)])) as unknown as ContactPoints,
    departmentIds: presentColumns.has('departmentCodes') ? row.departmentCodes.map((code) => departmentIdOf.get(code)!) : undefined,
  };
}

/** Splits work into slices, so one statement never carries an unbounded array and progress can be reported between them. */
export function inSlices<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}
