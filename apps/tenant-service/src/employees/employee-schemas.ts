import { languageSchema, prefectureCodeSchema } from '@anpi/contracts';
import { z } from 'zod';

/** The fields of an employee as an admin writes them (REST body, one CSV row). */
export const employeeFields = {
  employeeNumber: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -'),
  nameKanji: z.string().trim().min(1).max(100),
  nameKana: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[\p{Script=Katakana}\p{Script=Hiragana}ー・ 　]+$/u, 'kana only'),
  companyEmail: z.email().max(254).nullable(),
  privateEmails: z.array(z.email().max(254)).max(3, 'at most 3 private e-mail addresses'),
  mobilePhone: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'E.164, e.g. +819012345678').nullable(),
  /** As the LINE Messaging API gives it (webhook source.userId): "U" and 32 hex digits. */
  lineUserId: z.string().regex(/^U[0-9a-f]{32}$/, 'LINE user id: U followed by 32 lower-case hex digits').nullable(),
  workPrefecture: prefectureCodeSchema,
  homePrefecture: prefectureCodeSchema.nullable(),
  language: languageSchema,
  roles: z.array(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'lower-case label, e.g. crisis_team')).max(10),
  departmentIds: z.array(z.uuid()).max(50),
  active: z.boolean(),
};

export const createEmployeeSchema = z
  .object({
    ...employeeFields,
    companyEmail: employeeFields.companyEmail.default(null),
    privateEmails: employeeFields.privateEmails.default([]),
    mobilePhone: employeeFields.mobilePhone.default(null),
    lineUserId: employeeFields.lineUserId.default(null),
    homePrefecture: employeeFields.homePrefecture.default(null),
    language: employeeFields.language.default('ja'),
    roles: employeeFields.roles.default([]),
    departmentIds: employeeFields.departmentIds.default([]),
    active: employeeFields.active.default(true),
  })
  .strict();

export const updateEmployeeSchema = z
  .object(employeeFields)
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'nothing to change');

export type EmployeeInput = z.infer<typeof createEmployeeSchema>;
export type EmployeePatch = z.infer<typeof updateEmployeeSchema>;

/** As many as the largest page, so one request answers one batch of ids. */
export const maxIdsPerList = 200;

export const listEmployeesQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
    /** Part of the name, in kanji or kana. */
    q: z.string().trim().min(1).max(100).optional(),
    /** Start of the employee number. */
    number: z.string().trim().min(1).max(32).optional(),
    departmentId: z.uuid().optional(),
    /** With departmentId: include everyone in its sub-departments (default) or only direct members. */
    includeSubDepartments: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
    status: z.enum(['active', 'disabled']).optional(),
    /** Exact e-mail (company or private), matched through the blind index. */
    email: z.email().max(254).optional(),
    /** Exact mobile phone in E.164, matched through the blind index. */
    phone: z.string().regex(/^\+[1-9][0-9]{6,14}$/).optional(),
    /** Only the members of this group: a group's member list with names in pages, not one request per person. */
    groupId: z.uuid().optional(),
    /**
     * Exactly these people: comma-separated ids, at most 200 — a page of another service's list
     * (non-responders) gets its names without that service keeping any. Ids only, no PII in the URL.
     */
    ids: z
      .string()
      .transform((list) => list.split(',').map((id) => id.trim()))
      .pipe(z.array(z.uuid()).max(maxIdsPerList, `at most ${maxIdsPerList} ids`))
      .optional(),
  })
  .strict();

export type ListEmployeesQuery = z.infer<typeof listEmployeesQuerySchema>;
