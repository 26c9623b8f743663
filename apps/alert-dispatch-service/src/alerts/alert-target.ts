import { z } from 'zod';

const prefectureCode = z.string().regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, 'a JIS X 0401 prefecture code 01–47');

/**
 * Who an alert asks. Departments include their sub-departments; prefectures match the
 * employee's work or home prefecture (or either), as disaster rules need.
 */
export const alertTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }).strict(),
  z.object({ kind: z.literal('departments'), departmentIds: z.array(z.uuid()).min(1).max(500) }).strict(),
  z
    .object({
      kind: z.literal('prefectures'),
      prefectureCodes: z.array(prefectureCode).min(1).max(47),
      match: z.enum(['work', 'home', 'work_or_home']).default('work_or_home'),
    })
    .strict(),
  z.object({ kind: z.literal('groups'), groupIds: z.array(z.uuid()).min(1).max(500) }).strict(),
  z.object({ kind: z.literal('employees'), employeeIds: z.array(z.uuid()).min(1).max(10_000) }).strict(),
]);

export type AlertTarget = z.infer<typeof alertTargetSchema>;
