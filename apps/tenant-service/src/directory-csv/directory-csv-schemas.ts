import { z } from 'zod';
import { departmentColumns, directoryColumns } from './directory-columns';

/**
 * The admin's own header names → fields, e.g. {"従業員コード":"employeeNumber"}. Travels as
 * JSON in the query string, because the body is the file itself.
 */
const mappingSchema = z
  .string()
  .max(4_000)
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      // Checked against the columns of the file's kind when its headers are read.
      .record(z.string().min(1).max(100), z.enum([...directoryColumns, ...departmentColumns]))
      .refine((mapping) => Object.keys(mapping).length <= directoryColumns.length * 2, 'too many entries'),
  );

export const startImportQuerySchema = z
  .object({
    /** An employee file (departments named by code) or a department file (code, name, parent code). */
    kind: z.enum(['employees', 'departments']).default('employees'),
    /** dry_run checks every row and reports; apply also writes, all rows or none. */
    mode: z.enum(['dry_run', 'apply']).default('dry_run'),
    encoding: z.enum(['auto', 'utf-8', 'shift_jis']).default('auto'),
    mapping: mappingSchema.default({}),
  })
  .strict();

export type StartImportQuery = z.infer<typeof startImportQuerySchema>;

export const listImportsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }).strict();

export type ListImportsQuery = z.infer<typeof listImportsQuerySchema>;

export const exportQuerySchema = z
  .object({
    /** UTF-8 starts with a BOM so Excel recognises it; shift_jis suits older Excel set-ups. */
    encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8'),
    headers: z.enum(['en', 'ja']).default('en'),
  })
  .strict();

export type ExportQuery = z.infer<typeof exportQuerySchema>;
