import { z } from 'zod';
import { employeeFields } from '../employees/employee-schemas';
import { CsvFileError, CsvTable } from './csv-decoding';
import { columnOfHeader, DirectoryColumn, listColumns, looksLikeFormula, requiredColumns, restoreNeutralisedCell } from './directory-columns';

/** One entry of an import's report. Reasons name fields and rules, never the cell's value (it may be personal data). */
export interface RowProblem {
  line: number;
  column: string | null;
  reason: string;
}

const departmentCode = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

/** One CSV row, checked with the same field rules as the REST API; departments are named by code. */
export const directoryRowSchema = z
  .object({
    employeeNumber: employeeFields.employeeNumber,
    nameKanji: employeeFields.nameKanji,
    nameKana: employeeFields.nameKana,
    companyEmail: employeeFields.companyEmail,
    privateEmails: employeeFields.privateEmails,
    mobilePhone: employeeFields.mobilePhone,
    lineUserId: employeeFields.lineUserId,
    workPrefecture: employeeFields.workPrefecture,
    homePrefecture: employeeFields.homePrefecture,
    language: employeeFields.language,
    roles: employeeFields.roles,
    departmentCodes: z.array(departmentCode).max(50),
    active: employeeFields.active,
  })
  .strict();

export type DirectoryRow = z.infer<typeof directoryRowSchema>;

export interface ImportCandidate {
  line: number;
  row: DirectoryRow;
}

/** Which column of the file feeds which field, and the header name to report problems under. */
export interface HeaderLayout<Column extends string = DirectoryColumn> {
  columnAt: (Column | undefined)[];
  headerOf: Map<Column, string>;
}

/** Headers are checked before any row: an unknown, repeated or missing column makes every row suspect. */
export function layoutOf<Column extends string>(
  headers: readonly string[],
  columnOf: (header: string) => Column | undefined,
  required: readonly Column[],
): HeaderLayout<Column> {
  const columnAt = headers.map(columnOf);
  const unknown = headers.filter((_, index) => columnAt[index] === undefined);
  if (unknown.length > 0) throw new CsvFileError(`unknown columns: ${unknown.join(', ')} (pass a mapping to name their fields)`);
  const headerOf = new Map<Column, string>();
  columnAt.forEach((column, index) => {
    if (headerOf.has(column!)) throw new CsvFileError(`two columns feed the field ${column}: ${headerOf.get(column!)} and ${headers[index]}`);
    headerOf.set(column!, headers[index]);
  });
  const missing = required.filter((column) => !headerOf.has(column));
  if (missing.length > 0) throw new CsvFileError(`required columns are missing: ${missing.join(', ')}`);
  return { columnAt, headerOf };
}

/** The layout of an employee file. */
export function employeeLayoutOf(headers: readonly string[], adminMapping: Record<string, string>): HeaderLayout {
  return layoutOf(headers, (header) => columnOfHeader(header, adminMapping), requiredColumns);
}

/** How an empty cell reads: list columns become [], the rest take the REST API's defaults. */
const emptyCell: Partial<Record<DirectoryColumn, unknown>> = {
  companyEmail: null,
  mobilePhone: null,
  lineUserId: null,
  homePrefecture: null,
  language: 'ja',
  active: true,
};

const activeWords: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, 有効: true, 無効: false };

/** Excel drops the leading zero of "01"; prefecture codes are two digits. */
function prefecture(cell: string): string {
  return /^[1-9]$/.test(cell) ? `0${cell}` : cell;
}

const cellReaders: Partial<Record<DirectoryColumn, (cell: string) => unknown>> = {
  workPrefecture: prefecture,
  homePrefecture: prefecture,
  active: (cell) => activeWords[cell.toLowerCase()] ?? cell,
};

function readCell(column: DirectoryColumn, cell: string): unknown {
  if (listColumns.has(column)) return cell.split(';').map((part) => part.trim()).filter((part) => part.length > 0);
  if (cell === '') return emptyCell[column];
  return (cellReaders[column] ?? ((text: string) => text))(cell);
}

const e164 = /^\+[1-9][0-9]{6,14}$/;

/** A phone number in E.164 starts with "+" by definition; every other cell starting like a formula is refused. */
function isFormulaCell(column: DirectoryColumn, cell: string): boolean {
  return looksLikeFormula(cell) && !(column === 'mobilePhone' && e164.test(cell));
}

/**
 * Checks every row on its own and against the rows before it (duplicate employee numbers);
 * nothing here touches the database. Reads in batches, so a job can let the event loop
 * breathe between them on a 100,000-row file.
 */
export class DirectoryRowReader {
  readonly candidates: ImportCandidate[] = [];
  readonly problems: RowProblem[] = [];
  private readonly firstLineOfNumber = new Map<string, number>();

  constructor(
    private readonly headers: readonly string[],
    private readonly layout: HeaderLayout,
  ) {}

  read(rows: CsvTable['rows']): void {
    for (const { line, cells } of rows) this.readRow(line, cells);
  }

  private readRow(line: number, cells: readonly string[]): void {
    const fields: Partial<Record<DirectoryColumn, unknown>> = { ...emptyCell, privateEmails: [], roles: [], departmentCodes: [] };
    const rowProblems: RowProblem[] = [];
    cells.forEach((raw, index) => {
      const column = this.layout.columnAt[index]!;
      const cell = restoreNeutralisedCell(raw.trim());
      if (isFormulaCell(column, cell)) rowProblems.push({ line, column: this.header(column), reason: 'starts with = + - @ or a control character; spreadsheet formulas are not accepted' });
      fields[column] = readCell(column, cell);
    });
    const parsed = directoryRowSchema.safeParse(fields);
    if (!parsed.success) {
      rowProblems.push(...parsed.error.issues.map((issue) => ({ line, column: this.header(issue.path[0] as DirectoryColumn), reason: issue.message })));
    }
    if (rowProblems.length > 0 || !parsed.success) {
      // In the order of the file's columns, as the admin reads the row.
      this.problems.push(...rowProblems.sort((left, right) => this.headers.indexOf(left.column ?? '') - this.headers.indexOf(right.column ?? '')));
      return;
    }
    const earlier = this.firstLineOfNumber.get(parsed.data.employeeNumber);
    if (earlier !== undefined) {
      this.problems.push({ line, column: this.header('employeeNumber'), reason: `duplicate employee number (first on line ${earlier})` });
      return;
    }
    this.firstLineOfNumber.set(parsed.data.employeeNumber, line);
    this.candidates.push({ line, row: parsed.data });
  }

  private header(column: DirectoryColumn): string {
    return this.layout.headerOf.get(column) ?? column;
  }
}

/** The whole table at once (small files, tests). */
export function readDirectoryRows(table: CsvTable, layout: HeaderLayout): { candidates: ImportCandidate[]; problems: RowProblem[] } {
  const reader = new DirectoryRowReader(table.headers, layout);
  reader.read(table.rows);
  return { candidates: reader.candidates, problems: reader.problems };
}
