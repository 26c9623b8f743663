/** The fields one CSV row carries, in the order export writes them. */
export const directoryColumns = [
  'employeeNumber',
  'nameKanji',
  'nameKana',
  'companyEmail',
  'privateEmails',
  'mobilePhone',
  'lineUserId',
  'workPrefecture',
  'homePrefecture',
  'language',
  'roles',
  'departmentCodes',
  'active',
] as const;

export type DirectoryColumn = (typeof directoryColumns)[number];

/** Columns holding several values in one cell, separated by ";" (Excel has no list type). */
export const listColumns: ReadonlySet<DirectoryColumn> = new Set(['privateEmails', 'roles', 'departmentCodes']);

export const requiredColumns: readonly DirectoryColumn[] = ['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture'];

/** Header names an admin's spreadsheet may already use, Japanese first (what HR systems export). */
export const japaneseHeaders: Record<DirectoryColumn, string> = {
  employeeNumber: '社員番号',
  nameKanji: '氏名',
  nameKana: '氏名カナ',
  companyEmail: '会社メール',
  privateEmails: '個人メール',
  mobilePhone: '携帯電話',
  lineUserId: 'LINEユーザーID',
  workPrefecture: '勤務地都道府県',
  homePrefecture: '自宅都道府県',
  language: '言語',
  roles: '役割',
  departmentCodes: '所属コード',
  active: '有効',
};

const extraAliases: Record<string, DirectoryColumn> = {
  従業員番号: 'employeeNumber',
  社員コード: 'employeeNumber',
  氏名漢字: 'nameKanji',
  フリガナ: 'nameKana',
  氏名フリガナ: 'nameKana',
  メールアドレス: 'companyEmail',
  携帯電話番号: 'mobilePhone',
  LINEID: 'lineUserId',
  勤務地: 'workPrefecture',
  自宅: 'homePrefecture',
  部署コード: 'departmentCodes',
};

/** The columns of a department file: a department is found by its code, its parent by the parent's code. */
export const departmentColumns = ['code', 'name', 'parentCode'] as const;

export type DepartmentColumn = (typeof departmentColumns)[number];

export const requiredDepartmentColumns: readonly DepartmentColumn[] = ['code', 'name'];

export const japaneseDepartmentHeaders: Record<DepartmentColumn, string> = { code: '部署コード', name: '部署名', parentCode: '親部署コード' };

const departmentHeaders: Record<string, DepartmentColumn> = {
  部署コード: 'code',
  所属コード: 'code',
  部署名: 'name',
  名称: 'name',
  親部署コード: 'parentCode',
  上位部署コード: 'parentCode',
};

/** Lower-cased, space-free spelling, so "Employee Number", "employee_number" and "employeeNumber" all match. */
function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/[\s_-]/g, '').toLowerCase();
}

const knownHeaders = new Map<string, DirectoryColumn>([
  ...directoryColumns.map((column) => [headerKey(column), column] as const),
  ...directoryColumns.map((column) => [headerKey(japaneseHeaders[column]), column] as const),
  ...Object.entries(extraAliases).map(([alias, column]) => [headerKey(alias), column] as const),
]);

const knownDepartmentHeaders = new Map<string, DepartmentColumn>([
  ...departmentColumns.map((column) => [headerKey(column), column] as const),
  ...Object.entries(departmentHeaders).map(([alias, column]) => [headerKey(alias), column] as const),
]);

/** Which field each header of an employee file feeds; an admin's own mapping wins over the built-in names. */
export function columnOfHeader(header: string, adminMapping: Record<string, string>): DirectoryColumn | undefined {
  const mapped = adminMapping[header];
  return mapped === undefined ? knownHeaders.get(headerKey(header)) : directoryColumns.find((column) => column === mapped);
}

/** The same for a department file. */
export function departmentColumnOfHeader(header: string, adminMapping: Record<string, string>): DepartmentColumn | undefined {
  const mapped = adminMapping[header];
  return mapped === undefined ? knownDepartmentHeaders.get(headerKey(header)) : departmentColumns.find((column) => column === mapped);
}

const formulaStart = /^[=+\-@\t\r]/;

/** Spreadsheets run cells starting with these as formulas (CSV injection). */
export function looksLikeFormula(cell: string): boolean {
  return formulaStart.test(cell);
}

/**
 * Export prefixes such cells with an apostrophe, which Excel shows as text; import removes
 * that prefix again, so an exported file imports unchanged.
 */
export function neutraliseFormula(cell: string): string {
  return looksLikeFormula(cell) ? `'${cell}` : cell;
}

export function restoreNeutralisedCell(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}
