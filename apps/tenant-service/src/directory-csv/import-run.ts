import { EntityManager } from 'typeorm';
import { RowProblem } from './directory-rows';

/** What checking a file found: its problems, or what applying it would do. */
export interface ImportCheck {
  problems: RowProblem[];
  toCreate: number;
  toUpdate: number;
}

/**
 * One kind of import (employees, departments) once its file is parsed and its headers are
 * known. DirectoryImports runs the job around it: status, progress, report, audit.
 */
export interface ImportRun {
  /** The fields the file has (for the audit entry). */
  readonly columns: readonly string[];
  /** Each row on its own and against the others, outside any transaction. */
  read(): Promise<void>;
  /** The rows against the directory; writes nothing. */
  check(manager: EntityManager): Promise<ImportCheck>;
  /** Writes every row in the given transaction, with events and audit entries; reports rows done as it goes. */
  apply(manager: EntityManager, reportProgress: (rowsDone: number) => Promise<void>): Promise<void>;
}
