import { runInTenantTransaction } from '@anpi/persistence';
import { UnprocessableEntityException } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import * as iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { ContactPoints, ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { DepartmentView } from '../departments/department-schemas';
import { DepartmentStore } from '../departments/department-store';
import { EmployeeCursor } from '../employees/employee-cursor';
import { EmployeeRecord } from '../employees/employee-record';
import { EmployeeStore } from '../employees/employee-store';
import { DepartmentColumn, departmentColumns, DirectoryColumn, directoryColumns, japaneseDepartmentHeaders, japaneseHeaders, neutraliseFormula } from './directory-columns';
import { ExportQuery } from './directory-csv-schemas';

const pageSize = 1_000;
const utf8Bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** One employee as export writes it, in the columns import reads. */
export function exportCells(employee: EmployeeRecord, contacts: ContactPoints, departmentCodeOf: ReadonlyMap<string, string>): Record<DirectoryColumn, string> {
  return {
    employeeNumber: employee.employeeNumber,
    nameKanji: employee.nameKanji,
    nameKana: employee.nameKana,
    companyEmail: contacts.companyEmail ?? '',
    privateEmails: contacts.privateEmails.join(';'),
    mobilePhone: contacts.mobilePhone ?? '',
    lineUserId: contacts.lineUserId ?? '',
    workPrefecture: employee.workPrefecture,
    homePrefecture: employee.homePrefecture ?? '',
    language: employee.language,
    roles: employee.roles.join(';'),
    departmentCodes: employee.departmentIds.map((id) => departmentCodeOf.get(id) ?? id).join(';'),
    active: String(employee.status === 'active'),
  };
}

/** A department as the department import reads it; one without a code is named by its id. */
export function departmentCells(department: DepartmentView, codeOf: ReadonlyMap<string, string>): Record<DepartmentColumn, string> {
  return { code: department.code ?? department.id, name: department.name, parentCode: department.parentId === null ? '' : (codeOf.get(department.parentId) ?? department.parentId) };
}

/** Every cell that a spreadsheet would run as a formula is written as text. */
export function toCsvText<Column extends string>(columns: readonly Column[], headerOf: (column: Column) => string, rows: readonly Record<Column, string>[]): string {
  const body = rows.map((row) => columns.map((column) => neutraliseFormula(row[column])));
  return stringify([columns.map(headerOf), ...body], { record_delimiter: 'windows' });
}

export function encodeCsv(text: string, encoding: ExportQuery['encoding']): Buffer {
  if (encoding === 'utf-8') return Buffer.concat([utf8Bom, Buffer.from(text, 'utf8')]);
  const bytes = iconv.encode(text, 'cp932');
  // Characters outside Shift_JIS (e.g. 𠮷) would silently become "?": refuse instead of corrupting names.
  if (iconv.decode(bytes, 'cp932') !== text) {
    throw new UnprocessableEntityException({
      error: 'Unprocessable Entity',
      message: 'the directory contains characters Shift_JIS cannot represent',
      details: [{ path: 'encoding', message: 'export as utf-8 instead' }],
    });
  }
  return bytes;
}

/** The tenant's whole directory as CSV, contacts decrypted for the file only; the export is audited. */
export class ExportDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: DirectoryKeys,
    private readonly vault: ContactVault,
  ) {}

  csv(caller: Caller, query: ExportQuery): Promise<Buffer> {
    const tenantId = caller.principal.tenantId;
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const cipher = await this.keys.cipherFor(manager, tenantId);
      const departments = await new DepartmentStore(manager).list(100_000);
      const departmentCodeOf = new Map(departments.flatMap((department) => (department.code ? [[department.id, department.code] as const] : [])));
      const store = new EmployeeStore(manager);
      const rows: Record<DirectoryColumn, string>[] = [];
      let after: EmployeeCursor | undefined;
      for (;;) {
        const page = await store.list({ includeSubDepartments: true, after, limit: pageSize });
        rows.push(...page.map((employee) => exportCells(employee, this.vault.open(cipher, tenantId, employee.id, employee.sealed), departmentCodeOf)));
        if (page.length < pageSize) break;
        const last = page[page.length - 1];
        after = { employeeNumber: last.employeeNumber, id: last.id };
      }
      await recordAudit(manager, tenantId, { kind: 'user', caller }, [{ action: 'directory.exported', targetType: 'employee', targetId: null, details: { rows: rows.length, encoding: query.encoding } }]);
      const headerOf = (column: DirectoryColumn) => (query.headers === 'ja' ? japaneseHeaders[column] : column);
      return encodeCsv(toCsvText(directoryColumns, headerOf, rows), query.encoding);
    });
  }

  /** The department tree in the columns of a department import, parents before children. */
  departmentsCsv(caller: Caller, query: ExportQuery): Promise<Buffer> {
    const tenantId = caller.principal.tenantId;
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const departments = await new DepartmentStore(manager).list(100_000);
      const codeOf = new Map(departments.flatMap((department) => (department.code ? [[department.id, department.code] as const] : [])));
      await recordAudit(manager, tenantId, { kind: 'user', caller }, [{ action: 'directory.exported', targetType: 'department', targetId: null, details: { rows: departments.length, encoding: query.encoding } }]);
      const headerOf = (column: DepartmentColumn) => (query.headers === 'ja' ? japaneseDepartmentHeaders[column] : column);
      return encodeCsv(toCsvText(departmentColumns, headerOf, departments.map((department) => departmentCells(department, codeOf))), query.encoding);
    });
  }
}
