import { z } from 'zod';

const departmentName = z.string().trim().min(1).max(200);
const departmentCode = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');

export const createDepartmentSchema = z
  .object({
    name: departmentName,
    code: departmentCode.nullable().default(null),
    parentId: z.uuid().nullable().default(null),
  })
  .strict();

export const updateDepartmentSchema = z
  .object({
    name: departmentName,
    code: departmentCode.nullable(),
    parentId: z.uuid().nullable(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export type CreateDepartment = z.infer<typeof createDepartmentSchema>;
export type UpdateDepartment = z.infer<typeof updateDepartmentSchema>;

export interface DepartmentView {
  id: string;
  name: string;
  code: string | null;
  parentId: string | null;
  path: string[];
  createdAt: string;
  updatedAt: string;
}
