import { runInTenantTransaction } from '@anpi/persistence';
import { Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { recordAudit } from '../audit/audit-trail';
import { ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { CsvEncoding, CsvFileError, CsvTable, decodeCsv, parseCsv } from './csv-decoding';
import { DepartmentImportRun } from './department-import-run';
import { departmentLayoutOf } from './department-rows';
import { employeeLayoutOf, RowProblem } from './directory-rows';
import { ConcurrentChange, EmployeeImportRun } from './employee-import-run';
import { ImportJobStore, ImportJobView, ImportKind, ImportMode, ImportStatus } from './import-job-store';
import { ImportRun } from './import-run';

/** Documented limits (docs/architecture.md): larger files are refused before any row is read. */
export const importLimits = { maximumBytes: 16 * 1024 * 1024, maximumRows: 100_000 } as const;

/** A running job updates its row at least this often; one that stopped longer ago died with its process. */
const abandonedAfterMs = 120_000;

const runningStatuses: ReadonlySet<ImportStatus> = new Set(['queued', 'validating', 'applying']);

export interface ImportOptions {
  kind: ImportKind;
  mode: ImportMode;
  encoding: CsvEncoding | 'auto';
  mapping: Record<string, string>;
}

/**
 * CSV import of the directory (employees or departments) as a job. The file is decoded,
 * parsed and its headers checked in the request (a broken file is refused at once); checking
 * the rows against each other and the directory, and applying them, run after the response.
 * Apply is one transaction: every row or none. The file lives only in this process's memory,
 * never in the database.
 */
export class DirectoryImports {
  private readonly logger = new Logger(DirectoryImports.name);
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: DirectoryKeys,
    private readonly vault: ContactVault,
    private readonly snapshots: EmployeeSnapshots,
  ) {}

  async start(caller: Caller, bytes: Buffer, options: ImportOptions): Promise<ImportJobView> {
    const { table, encoding } = readFile(bytes, options);
    const id = randomUUID();
    const run = fileError(() => this.runOf(options, caller, id, table));
    const job = await this.inTenant(caller, async (manager) => {
      const created = await new ImportJobStore(manager).insert(caller.principal.tenantId, {
        id,
        kind: options.kind,
        mode: options.mode,
        encoding,
        rowsTotal: table.rows.length,
        createdBy: caller.principal.userId,
      });
      await recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [
        { action: 'directory_import.started', targetType: 'import_job', targetId: id, details: { kind: options.kind, mode: options.mode, rows: table.rows.length, columns: run.columns } },
      ]);
      return created;
    });
    const running = this.run(caller, id, options.mode, table.rows.length, run).finally(() => this.running.delete(running));
    this.running.add(running);
    return job;
  }

  async get(caller: Caller, id: string): Promise<ImportJobView> {
    const job = (await this.inTenant(caller, (manager) => new ImportJobStore(manager).find(id))) ?? notFound();
    return asSeenNow(job, Date.now());
  }

  async list(caller: Caller, limit: number): Promise<ImportJobView[]> {
    const jobs = await this.inTenant(caller, (manager) => new ImportJobStore(manager).list(limit));
    return jobs.map((job) => asSeenNow(job, Date.now()));
  }

  /** Resolves when every job started by this process has ended (shutdown waits for it). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Each kind of file, given its table, checks its headers and becomes a run. */
  private readonly runs: Record<ImportKind, (caller: Caller, jobId: string, table: CsvTable, mapping: Record<string, string>) => ImportRun> = {
    employees: (caller, jobId, table, mapping) =>
      new EmployeeImportRun(caller, jobId, table, employeeLayoutOf(table.headers, mapping), { keys: this.keys, vault: this.vault, snapshots: this.snapshots }),
    departments: (caller, jobId, table, mapping) => new DepartmentImportRun(caller, jobId, table, departmentLayoutOf(table.headers, mapping)),
  };

  private runOf(options: ImportOptions, caller: Caller, jobId: string, table: CsvTable): ImportRun {
    return this.runs[options.kind](caller, jobId, table, options.mapping);
  }

  private async run(caller: Caller, jobId: string, mode: ImportMode, rows: number, run: ImportRun): Promise<void> {
    try {
      await this.validateAndApply(caller, jobId, mode, rows, run);
    } catch (error) {
      const reason = error instanceof ConcurrentChange ? error.message : 'the import failed unexpectedly; nothing was applied';
      if (!(error instanceof ConcurrentChange)) this.logger.error(`import job ${jobId} failed: ${(error as Error).stack ?? String(error)}`);
      await this.finish(caller, jobId, { status: 'failed', rowsDone: 0, problems: [{ line: 0, column: null, reason }], summary: {} }).catch((finishError: unknown) =>
        this.logger.error(`import job ${jobId}: could not record the failure: ${String(finishError)}`),
      );
    }
  }

  private async validateAndApply(caller: Caller, jobId: string, mode: ImportMode, rows: number, run: ImportRun): Promise<void> {
    await this.progress(caller, jobId, 'validating', 0);
    await run.read();
    const { problems, toCreate, toUpdate } = await this.inTenant(caller, (manager) => run.check(manager));
    if (problems.length > 0) {
      problems.sort((left, right) => left.line - right.line);
      return this.finish(caller, jobId, { status: 'rejected', rowsDone: rows, problems, summary: { rows, rowsWithProblems: new Set(problems.map(({ line }) => line)).size } });
    }
    if (mode === 'dry_run') return this.finish(caller, jobId, { status: 'validated', rowsDone: rows, problems: [], summary: { rows, toCreate, toUpdate } });
    await this.progress(caller, jobId, 'applying', 0);
    // One transaction for the whole file: every row, event and audit entry, or none.
    await this.inTenant(caller, (manager) => run.apply(manager, (rowsDone) => this.progress(caller, jobId, 'applying', rowsDone)));
    await this.finish(caller, jobId, { status: 'applied', rowsDone: rows, problems: [], summary: { rows, created: toCreate, updated: toUpdate } });
  }

  /** Progress commits on its own, so the API shows it while the apply transaction is still open. */
  private progress(caller: Caller, jobId: string, status: ImportStatus, rowsDone: number): Promise<void> {
    return this.inTenant(caller, (manager) => new ImportJobStore(manager).progress(jobId, status, rowsDone));
  }

  private finish(caller: Caller, jobId: string, outcome: { status: ImportStatus; rowsDone: number; problems: RowProblem[]; summary: Record<string, number> }): Promise<void> {
    return this.inTenant(caller, async (manager) => {
      await new ImportJobStore(manager).finish(jobId, outcome);
      await recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [
        { action: `directory_import.${outcome.status}`, targetType: 'import_job', targetId: jobId, details: { problems: outcome.problems.length, ...outcome.summary } },
      ]);
    });
  }

  private inTenant<T>(caller: Caller, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTenantTransaction(this.dataSource, caller.principal.tenantId, work);
  }
}

/** Decoding and parsing: a file failing them is refused in the request (422). */
function readFile(bytes: Buffer, options: ImportOptions): { table: CsvTable; encoding: CsvEncoding } {
  return fileError(() => {
    const { text, encoding } = decodeCsv(bytes, options.encoding);
    return { table: parseCsv(text, importLimits.maximumRows), encoding };
  });
}

/** A problem with the file as a whole (encoding, syntax, headers) is the request's 422, naming the file. */
function fileError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CsvFileError) {
      throw new UnprocessableEntityException({ error: 'Unprocessable Entity', message: 'the file cannot be imported', details: [{ path: 'file', message: error.message }] });
    }
    throw error;
  }
}

/** A job still "running" that has not moved for minutes lost its process; its transaction rolled back. */
export function asSeenNow(job: ImportJobView, now: number): ImportJobView {
  if (!runningStatuses.has(job.status) || now - Date.parse(job.updatedAt) < abandonedAfterMs) return job;
  return { ...job, status: 'failed', problemCount: 1, problems: [{ line: 0, column: null, reason: 'the service stopped while the import ran; nothing was applied, start it again' }] };
}

function notFound(): never {
  throw new NotFoundException('import job not found');
}
