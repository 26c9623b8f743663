import { z } from 'zod';
import { languageSchema } from './tenant-events';

/** JIS X 0401 prefecture code: '01' (Hokkaido) … '47' (Okinawa). */
export const prefectureCodeSchema = z.string().regex(/^(0[1-9]|[1-3][0-9]|4[0-7])$/, 'JIS X 0401 prefecture code 01–47');

/**
 * Contact data never travels in plaintext. `sealedContacts` is AES-256-GCM under the
 * installation's directory event key (shared by tenant-service and dispatch only), bound to
 * tenant and employee: `v1.<keyId>.<iv>.<tag>.<ciphertext>` of a JSON
 * `{ nameKanji, nameKana, companyEmail, privateEmails, mobilePhone, lineUserId }` (`lineUserId` absent in
 * events sealed before it existed; read it as null).
 */
const sealedValueSchema = z.string().regex(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/, 'a v1 sealed value');

/** employee.upserted v1 — what dispatch needs for its own recipient projection. */
export const employeeUpsertedV1Schema = z
  .object({
    employeeId: z.uuid(),
    employeeNumber: z.string().min(1).max(32),
    departmentIds: z.array(z.uuid()).max(50),
    groupIds: z.array(z.uuid()).max(200),
    workPrefecture: prefectureCodeSchema,
    homePrefecture: prefectureCodeSchema.nullable(),
    language: languageSchema,
    active: z.boolean(),
    sealedContacts: sealedValueSchema,
  })
  .strict();

/** employee.removed v1 — deleted by an admin, or personal data purged after off-boarding. */
export const employeeRemovedV1Schema = z
  .object({
    employeeId: z.uuid(),
    reason: z.enum(['deleted', 'purged']),
  })
  .strict();

/**
 * department.changed v1 — created, renamed, moved or deleted. `path` lists the ancestors from
 * the root down to the department itself, so a consumer resolves "this department and its
 * sub-departments" without walking a tree.
 */
export const departmentChangedV1Schema = z
  .object({
    departmentId: z.uuid(),
    parentId: z.uuid().nullable(),
    path: z.array(z.uuid()).min(1).max(64),
    name: z.string().min(1).max(200),
    deleted: z.boolean(),
  })
  .strict();

export type EmployeeUpsertedV1 = z.infer<typeof employeeUpsertedV1Schema>;
export type EmployeeRemovedV1 = z.infer<typeof employeeRemovedV1Schema>;
export type DepartmentChangedV1 = z.infer<typeof departmentChangedV1Schema>;
