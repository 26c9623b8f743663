import { ApiError } from '../api/api-error';
import type { EmployeeDetail, EmployeePatch, PrivateContacts } from '../api/tenant-api';

export const privateEmailSlots = 3;

/** The edit form as typed: text everywhere, '' for "none", one box per private e-mail address. */
export interface EmployeeFormValues {
  employeeNumber: string;
  nameKanji: string;
  nameKana: string;
  companyEmail: string;
  privateEmails: string[];
  mobilePhone: string;
  lineUserId: string;
  workPrefecture: string;
  homePrefecture: string;
  language: 'ja' | 'en';
}

/** Whether the record came with the private contacts (a member's view has none). */
export function showsPrivateContacts(employee: EmployeeDetail): employee is EmployeeDetail & PrivateContacts {
  return employee.privateEmails !== undefined;
}

export function formValuesOf(employee: EmployeeDetail): EmployeeFormValues {
  return {
    employeeNumber: employee.employeeNumber,
    nameKanji: employee.nameKanji,
    nameKana: employee.nameKana,
    companyEmail: employee.companyEmail ?? '',
    privateEmails: Array.from({ length: privateEmailSlots }, (_, index) => employee.privateEmails?.[index] ?? ''),
    mobilePhone: employee.mobilePhone ?? '',
    lineUserId: employee.lineUserId ?? '',
    workPrefecture: employee.workPrefecture,
    homePrefecture: employee.homePrefecture ?? '',
    language: employee.language,
  };
}

/** The filled private e-mail boxes first, blanks after, so box n is the list's item n. */
export function withPrivateEmailsFirst(values: EmployeeFormValues): EmployeeFormValues {
  const filled = values.privateEmails.map((address) => address.trim()).filter(Boolean);
  return { ...values, privateEmails: Array.from({ length: Math.max(privateEmailSlots, filled.length) }, (_, index) => filled[index] ?? '') };
}

/**
 * The PATCH body: only what differs from the stored record, so a save leaves alone the fields
 * this admin did not touch (someone else may have changed them meanwhile). Empty optional
 * fields become null (cleared). The private contacts are sent only when the record came with
 * them: absent from a view is not "erase".
 */
export function employeePatch(stored: EmployeeDetail, values: EmployeeFormValues): EmployeePatch {
  const orNull = (text: string) => text.trim() || null;
  const wanted: EmployeePatch = {
    employeeNumber: values.employeeNumber.trim(),
    nameKanji: values.nameKanji.trim(),
    nameKana: values.nameKana.trim(),
    companyEmail: orNull(values.companyEmail),
    workPrefecture: values.workPrefecture,
    language: values.language,
    ...(showsPrivateContacts(stored) && {
      privateEmails: values.privateEmails.map((address) => address.trim()).filter(Boolean),
      mobilePhone: orNull(values.mobilePhone),
      lineUserId: orNull(values.lineUserId),
      homePrefecture: values.homePrefecture || null,
    }),
  };
  return Object.fromEntries(Object.entries(wanted).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(stored[field as keyof EmployeePatch])));
}

/** The service's field problems by path (`lineUserId`, `privateEmails.1`), several for one field joined. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const byPath: Record<string, string> = {};
  if (!(error instanceof ApiError)) return byPath;
  for (const { path, message } of error.details) byPath[path] = byPath[path] ? `${byPath[path]} / ${message}` : message;
  return byPath;
}

const formFields: readonly (keyof EmployeeFormValues)[] = ['employeeNumber', 'nameKanji', 'nameKana', 'companyEmail', 'privateEmails', 'mobilePhone', 'lineUserId', 'workPrefecture', 'homePrefecture', 'language'];
const formPaths = new Set<string>([...formFields, ...Array.from({ length: privateEmailSlots }, (_, index) => `privateEmails.${index}`)]);

/** Problems with no box of their own on the form (e.g. a department id), shown with the form's error. */
export function problemsElsewhere(fieldErrors: Record<string, string>): [path: string, message: string][] {
  return Object.entries(fieldErrors).filter(([path]) => !formPaths.has(path));
}
