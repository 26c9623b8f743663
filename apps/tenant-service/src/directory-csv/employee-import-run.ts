import { appendToOutbox } from '@anpi/messaging';
import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { DepartmentStore } from '../departments/department-store';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { EmployeeStore } from '../employees/employee-store';
import { CsvTable } from './csv-decoding';
import { DirectoryColumn, directoryColumns } from './directory-columns';
import { DirectoryRowReader, HeaderLayout, ImportCandidate } from './directory-rows';
import { inSlices, planEmployee, unknownDepartments } from './employee-import-plan';
import { ImportCheck, ImportRun } from './import-run';

/** Rows per statement while applying; progress is reported after each slice. */
const sliceSize = 1_000;

/** Rows checked between two turns of the event loop (about 50 ms of work). */
const readSliceSize = 2_000;

/** The apply found employee numbers taken by rows it had not locked (a concurrent create); it rolls back. */
export class ConcurrentChange extends Error {}

export interface EmployeeImportServices {
  keys: DirectoryKeys;
  vault: ContactVault;
  snapshots: EmployeeSnapshots;
}

/** An employee file: upsert by employee number, departments named by code. */
export class EmployeeImportRun implements ImportRun {
  readonly columns: readonly DirectoryColumn[];
  private readonly reader: DirectoryRowReader;
  private readonly presentColumns: ReadonlySet<DirectoryColumn>;
  private departmentIdOf = new Map<string, string>();

  constructor(
    private readonly caller: Caller,
    private readonly jobId: string,
    private readonly table: CsvTable,
    private readonly layout: HeaderLayout,
    private readonly services: EmployeeImportServices,
  ) {
    this.reader = new DirectoryRowReader(table.headers, layout);
    this.presentColumns = new Set(layout.headerOf.keys());
    this.columns = [...this.presentColumns];
  }

  async read(): Promise<void> {
    for (const slice of inSlices(this.table.rows, readSliceSize)) {
      this.reader.read(slice);
      // Other requests (health checks included) run between slices of a large file.
      await setImmediate();
    }
  }

  private get candidates(): readonly ImportCandidate[] {
    return this.reader.candidates;
  }

  async check(manager: EntityManager): Promise<ImportCheck> {
    this.departmentIdOf = await departmentIndex(manager);
    const existing = await new EmployeeStore(manager).idsByNumber(this.candidates.map(({ row }) => row.employeeNumber));
    const problems = [...this.reader.problems];
    if (this.presentColumns.has('departmentCodes')) problems.push(...unknownDepartments(this.candidates, this.departmentIdOf, this.layout.headerOf.get('departmentCodes')!));
    return { problems, toCreate: this.candidates.length - existing.size, toUpdate: existing.size };
  }

  /** Slices of 1,000 rows; events and audit entries commit with the rows they describe. */
  async apply(manager: EntityManager, reportProgress: (rowsDone: number) => Promise<void>): Promise<void> {
    const { keys, vault, snapshots } = this.services;
    const tenantId = this.caller.principal.tenantId;
    const keepsUnlistedFields = directoryColumns.some((column) => !this.presentColumns.has(column));
    const store = new EmployeeStore(manager);
    const cipher = await keys.cipherFor(manager, tenantId);
    const existing = await store.idsByNumber(this.candidates.map(({ row }) => row.employeeNumber));
    let done = 0;
    for (const slice of inSlices(this.candidates, sliceSize)) {
      const currentIds = slice.flatMap(({ row }) => (existing.has(row.employeeNumber) ? [existing.get(row.employeeNumber)!] : []));
      const currentRecords = keepsUnlistedFields ? await store.findMany(currentIds) : [];
      const currentById = new Map(currentRecords.map((record) => [record.id, { record, contacts: vault.open(cipher, tenantId, record.id, record.sealed) }]));
      const entries = slice.map((candidate) => {
        const id = existing.get(candidate.row.employeeNumber) ?? randomUUID();
        const planned = planEmployee(candidate, this.presentColumns, this.departmentIdOf, currentById.get(id));
        return { id, created: !existing.has(candidate.row.employeeNumber), planned, sealed: vault.seal(cipher, tenantId, id, planned.contacts) };
      });
      const written = await store.upsertMany(tenantId, entries.map(({ id, planned, sealed }) => ({ id, attributes: planned.attributes, sealed })));
      if (written !== entries.length) throw new ConcurrentChange('employees were created with the same numbers while the import ran; nothing was applied, start it again');
      await store.replaceDepartmentsOfMany(
        tenantId,
        entries.flatMap(({ id, planned }) => (planned.departmentIds === undefined ? [] : [{ employeeId: id, departmentIds: planned.departmentIds }])),
      );
      const records = await store.findMany(entries.map(({ id }) => id));
      await appendToOutbox(manager, records.map((record) => snapshots.upserted(tenantId, cipher, record)));
      await recordAudit(
        manager,
        tenantId,
        { kind: 'user', caller: this.caller },
        entries.map(({ id, created }) => ({ action: created ? 'employee.created' : 'employee.updated', targetType: 'employee', targetId: id, details: { importJobId: this.jobId } })),
      );
      done += slice.length;
      await reportProgress(done);
    }
  }
}

/** Department ids by code, and by id too: export names departments without a code by their id. */
async function departmentIndex(manager: EntityManager): Promise<Map<string, string>> {
  const departments = await new DepartmentStore(manager).list(100_000);
  return new Map(departments.flatMap((department) => [[department.id, department.id] as const, ...(department.code ? [[department.code, department.id] as const] : [])]));
}
