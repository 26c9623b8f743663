import { EntityManager } from 'typeorm';
import { CsvEncoding } from './csv-decoding';
import { RowProblem } from './directory-rows';

export type ImportKind = 'employees' | 'departments';
export type ImportMode = 'dry_run' | 'apply';
export type ImportStatus = 'queued' | 'validating' | 'applying' | 'validated' | 'applied' | 'rejected' | 'failed';

/** What the API shows of a job: progress while it runs, the report and the counts when it ends. */
export interface ImportJobView {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportStatus;
  encoding: CsvEncoding;
  rowsTotal: number;
  rowsDone: number;
  problemCount: number;
  /** The first problems (at most `reportLimit`); `problemCount` tells how many there were. */
  problems: RowProblem[];
  summary: Record<string, number>;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** A report of a million problems helps no one and bloats the row; the count is kept exact. */
export const reportLimit = 1_000;

interface ImportJobRow {
  id: string;
  kind: ImportKind;
  mode: ImportMode;
  status: ImportStatus;
  encoding: CsvEncoding;
  rows_total: number;
  rows_done: number;
  problem_count: number;
  report: RowProblem[];
  summary: Record<string, number>;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

const columns = 'id, kind, mode, status, encoding, rows_total, rows_done, problem_count, report, summary, created_at, updated_at, finished_at';

function toView(row: ImportJobRow): ImportJobView {
  return {
    id: row.id,
    kind: row.kind,
    mode: row.mode,
    status: row.status,
    encoding: row.encoding,
    rowsTotal: row.rows_total,
    rowsDone: row.rows_done,
    problemCount: row.problem_count,
    problems: row.report,
    summary: row.summary,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** SQL of `directory_import_jobs`; every call runs in a tenant-bound transaction (RLS). */
export class ImportJobStore {
  constructor(private readonly manager: EntityManager) {}

  async insert(tenantId: string, job: { id: string; kind: ImportKind; mode: ImportMode; encoding: CsvEncoding; rowsTotal: number; createdBy: string }): Promise<ImportJobView> {
    const rows: ImportJobRow[] = await this.manager.query(
      `INSERT INTO directory_import_jobs (id, tenant_id, kind, mode, status, encoding, rows_total, created_by)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7) RETURNING ${columns}`,
      [job.id, tenantId, job.kind, job.mode, job.encoding, job.rowsTotal, job.createdBy],
    );
    return toView(rows[0]);
  }

  async find(id: string): Promise<ImportJobView | undefined> {
    const rows: ImportJobRow[] = await this.manager.query(`SELECT ${columns} FROM directory_import_jobs WHERE id = $1`, [id]);
    return rows[0] && toView(rows[0]);
  }

  async list(limit: number): Promise<ImportJobView[]> {
    const rows: ImportJobRow[] = await this.manager.query(`SELECT ${columns} FROM directory_import_jobs ORDER BY created_at DESC LIMIT $1`, [limit]);
    return rows.map(toView);
  }

  async progress(id: string, status: ImportStatus, rowsDone: number): Promise<void> {
    await this.manager.query('UPDATE directory_import_jobs SET status = $2, rows_done = $3, updated_at = now() WHERE id = $1', [id, status, rowsDone]);
  }

  async finish(id: string, outcome: { status: ImportStatus; rowsDone: number; problems: readonly RowProblem[]; summary: Record<string, number> }): Promise<void> {
    await this.manager.query(
      `UPDATE directory_import_jobs SET status = $2, rows_done = $3, problem_count = $4, report = $5, summary = $6, updated_at = now(), finished_at = now()
       WHERE id = $1`,
      [id, outcome.status, outcome.rowsDone, outcome.problems.length, JSON.stringify(outcome.problems.slice(0, reportLimit)), JSON.stringify(outcome.summary)],
    );
  }
}
