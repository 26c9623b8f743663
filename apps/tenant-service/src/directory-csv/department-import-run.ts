import { appendToOutbox } from '@anpi/messaging';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { DepartmentView } from '../departments/department-schemas';
import { DepartmentStore } from '../departments/department-store';
import { departmentChanged } from '../departments/manage-departments';
import { CsvTable } from './csv-decoding';
import { DepartmentColumn } from './directory-columns';
import { DepartmentRow, planDepartments, readDepartmentRows } from './department-rows';
import { HeaderLayout, RowProblem } from './directory-rows';
import { ConcurrentChange } from './employee-import-run';
import { ImportCheck, ImportRun } from './import-run';

/** A department file: upsert by code, parents by code, created parents first. */
export class DepartmentImportRun implements ImportRun {
  readonly columns: readonly DepartmentColumn[];
  private rows: DepartmentRow[] = [];
  private rowProblems: RowProblem[] = [];

  constructor(
    private readonly caller: Caller,
    private readonly jobId: string,
    private readonly table: CsvTable,
    private readonly layout: HeaderLayout<DepartmentColumn>,
  ) {
    this.columns = [...layout.headerOf.keys()];
  }

  /** Organisation charts have hundreds or thousands of rows, not 100,000: one pass. */
  async read(): Promise<void> {
    ({ rows: this.rows, problems: this.rowProblems } = readDepartmentRows(this.table, this.layout));
  }

  async check(manager: EntityManager): Promise<ImportCheck> {
    const plan = await this.plan(manager);
    return { problems: [...this.rowProblems, ...plan.problems], toCreate: plan.creates.length, toUpdate: plan.renames.length };
  }

  /** Planned again on the transaction's own view of the tree, so it writes what it checked. */
  async apply(manager: EntityManager, reportProgress: (rowsDone: number) => Promise<void>): Promise<void> {
    const tenantId = this.caller.principal.tenantId;
    const plan = await this.plan(manager);
    if (plan.problems.length > 0) throw new ConcurrentChange('departments changed while the import ran; nothing was applied, start it again');
    const store = new DepartmentStore(manager);
    const changed: DepartmentView[] = [];
    for (const department of plan.creates) changed.push(await store.insert(tenantId, department));
    for (const department of plan.renames) changed.push(await store.rename(department.id, department.name, department.code));
    await appendToOutbox(manager, changed.map((department) => departmentChanged(tenantId, department)));
    await recordAudit(manager, tenantId, { kind: 'user', caller: this.caller }, [
      ...plan.creates.map(({ id }) => ({ action: 'department.created', targetType: 'department' as const, targetId: id, details: { importJobId: this.jobId } })),
      ...plan.renames.map(({ id }) => ({ action: 'department.updated', targetType: 'department' as const, targetId: id, details: { importJobId: this.jobId } })),
    ]);
    await reportProgress(this.rows.length);
  }

  private async plan(manager: EntityManager) {
    const departments = await new DepartmentStore(manager).list(100_000);
    const byCode = new Map(departments.flatMap((department) => [[department.id, department] as const, ...(department.code ? [[department.code, department] as const] : [])]));
    return planDepartments(this.rows, byCode, randomUUID, (column) => this.layout.headerOf.get(column) ?? column);
  }
}
