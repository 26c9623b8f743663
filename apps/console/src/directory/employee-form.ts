import { ApiError } from '../api/api-error';
import type { EmployeeDetail, EmployeePatch, NewEmployee, PrivateContacts } from '../api/tenant-api';
import { sameDepartments } from './department-choices';

export const privateEmailSlots = 3;

/** Who may add people and change records (department admins within their departments: the service checks). */
const editorRoles: readonly string[] = ['owner', 'admin', 'department_admin'];

export function isDirectoryEditor(role: string | undefined): boolean {
  return role !== undefined && editorRoles.includes(role);
}

/** The form as typed: text everywhere, '' for "none" (or "not chosen yet"), one box per private e-mail address. */
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
  departmentIds: string[];
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
    departmentIds: [...employee.departmentIds],
  };
}

/** The blank form of a new hire: the work prefecture is left for the admin to choose, never guessed. */
export function newEmployeeFormValues(language: 'ja' | 'en'): EmployeeFormValues {
  return {
    employeeNumber: '',
    nameKanji: '',
    nameKana: '',
    companyEmail: '',
    privateEmails: Array.from({ length: privateEmailSlots }, () => ''),
    mobilePhone: '',
    lineUserId: '',
    workPrefecture: '',
    homePrefecture: '',
    language,
    departmentIds: [],
  };
}

const requiredFields = ['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture'] as const;

/** The required fields still empty: caught before a request, so the admin is told in words, not by a schema. */
export function missingRequiredFields(values: EmployeeFormValues): (typeof requiredFields)[number][] {
  return requiredFields.filter((field) => values[field].trim() === '');
}

/**
 * The POST body of a new hire: trimmed, and an optional field left empty is not sent at all
 * (the service fills in its default: none, no departments, active).
 */
export function newEmployeeBody(values: EmployeeFormValues): NewEmployee {
  const privateEmails = values.privateEmails.map((address) => address.trim()).filter(Boolean);
  const optional = {
    companyEmail: values.companyEmail.trim() || undefined,
    privateEmails: privateEmails.length > 0 ? privateEmails : undefined,
    mobilePhone: values.mobilePhone.trim() || undefined,
    lineUserId: values.lineUserId.trim() || undefined,
    homePrefecture: values.homePrefecture || undefined,
    departmentIds: values.departmentIds.length > 0 ? [...values.departmentIds] : undefined,
  };
  return {
    employeeNumber: values.employeeNumber.trim(),
    nameKanji: values.nameKanji.trim(),
    nameKana: values.nameKana.trim(),
    workPrefecture: values.workPrefecture,
    language: values.language,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
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
 * them: absent from a view is not "erase". The departments are sent when the set changed (the
 * order the boxes were ticked in means nothing).
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
  const changed: EmployeePatch = Object.fromEntries(Object.entries(wanted).filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(stored[field as keyof EmployeePatch])));
  return sameDepartments(stored.departmentIds, values.departmentIds) ? changed : { ...changed, departmentIds: [...values.departmentIds] };
}


const formFields: readonly (keyof EmployeeFormValues)[] = ['employeeNumber', 'nameKanji', 'nameKana', 'companyEmail', 'privateEmails', 'mobilePhone', 'lineUserId', 'workPrefecture', 'homePrefecture', 'language'];
const formPaths = new Set<string>([...formFields, ...Array.from({ length: privateEmailSlots }, (_, index) => `privateEmails.${index}`)]);

/** The service names a refused department by its place in the list sent (`departmentIds.2`): all show at the group. */
const isDepartmentPath = (path: string) => path === 'departmentIds' || path.startsWith('departmentIds.');

/** What the service said about the departments, once per distinct message, for the departments group. */
export function departmentProblem(fieldErrors: Record<string, string>): string | undefined {
  const messages = [...new Set(Object.entries(fieldErrors).flatMap(([path, message]) => (isDepartmentPath(path) ? [message] : [])))];
  return messages.length > 0 ? messages.join(' / ') : undefined;
}

/** Problems with no box of their own on the form (e.g. roles), shown with the form's error. */
export function problemsElsewhere(fieldErrors: Record<string, string>): [path: string, message: string][] {
  return Object.entries(fieldErrors).filter(([path]) => !formPaths.has(path) && !isDepartmentPath(path));
}

/** A 409 naming the employee number: another person already has it. */
export function isDuplicateEmployeeNumber(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.details.some((problem) => problem.path === 'employeeNumber');
}
