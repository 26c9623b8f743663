import { HttpClient } from './http-client';

export interface SignUpRequest {
  slug: string;
  displayName: string;
  defaultLanguage: 'ja' | 'en';
  allowPlainHttpAnswerLinks: boolean;
  owner: { email: string; displayName: string };
}

export interface Department {
  id: string;
  name: string;
  code: string | null;
  parentId: string | null;
  path: string[];
}

/** A new department (POST): no code and no parent are `null`. */
export interface NewDepartment {
  name: string;
  code: string | null;
  parentId: string | null;
}

/** Only the changed fields; a new `parentId` moves the department with everything below it. */
export type DepartmentPatch = Partial<NewDepartment>;

/** A group across departments ("crisis team"), with how many people are in it. */
export interface Group {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** The directory view everyone in the tenant may see (a row of the list). */
export interface Employee {
  id: string;
  employeeNumber: string;
  nameKanji: string;
  nameKana: string;
  companyEmail: string | null;
  /** JIS X 0401 code, '01'..'47'. */
  workPrefecture: string;
  language: 'ja' | 'en';
  departmentIds: string[];
  active: boolean;
}

/** What only those responsible for the person see (owners, admins, their department admins). */
export interface PrivateContacts {
  /** Up to 3. */
  privateEmails: string[];
  /** E.164, e.g. +819012345678. */
  mobilePhone: string | null;
  /** "U" and 32 lower-case hex digits, as the LINE Messaging API gives it. */
  lineUserId: string | null;
  homePrefecture: string | null;
}

/** One person's record (GET /v1/directory/employees/{id}); the private contacts are absent from a member's view. */
export interface EmployeeDetail extends Employee, Partial<PrivateContacts> {
  roles: string[];
  disabledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields an admin changes, only those that changed; `null` clears an optional field; `departmentIds` replaces the whole set. */
export type EmployeePatch = Partial<Pick<Employee, 'employeeNumber' | 'nameKanji' | 'nameKana' | 'companyEmail' | 'workPrefecture' | 'language' | 'departmentIds' | 'active'> & PrivateContacts>;

/** A new hire (POST /v1/directory/employees): a field left out takes the service's default (none, no departments, active). */
export interface NewEmployee {
  employeeNumber: string;
  nameKanji: string;
  /** Katakana or hiragana only. */
  nameKana: string;
  workPrefecture: string;
  language?: 'ja' | 'en';
  companyEmail?: string;
  privateEmails?: string[];
  mobilePhone?: string;
  lineUserId?: string;
  homePrefecture?: string;
  /** At most 50; a department admin only within their own departments. */
  departmentIds?: string[];
}

export type ImportStatus = 'queued' | 'validating' | 'applying' | 'validated' | 'applied' | 'rejected' | 'failed';

export interface ImportJob {
  id: string;
  mode: 'dry_run' | 'apply';
  status: ImportStatus;
  rowsTotal: number;
  rowsDone: number;
  problemCount: number;
  problems: { line: number; column: string | null; reason: string }[];
  summary: Record<string, number>;
}

export const finishedImportStatuses: ReadonlySet<ImportStatus> = new Set(['validated', 'applied', 'rejected', 'failed']);

/** One entry of any service's audit log: tenant, auth and dispatch answer `GET /v1/audit-log` alike, and their clients share this type. */
export interface AuditEntry {
  id: string;
  occurredAt: string;
  actor: { kind: string; id: string; role: string | null; ip: string | null };
  action: string;
  target: { type: string; id: string | null };
}

/** tenant-service (/api/tenant): sign-up, directory, CSV, audit log. */
export interface CompanySettings {
  displayName: string;
  defaultLanguage: 'ja' | 'en';
  timeZone: string;
  /** Answer links over plain http, for feature phones without TLS (owner's decision). */
  allowPlainHttpAnswerLinks: boolean;
}

/** A platform operator's notice (incident, maintenance) for owners and admins. */
export interface PlatformNotice {
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  body: string;
  postedAt: string;
  visibleUntil: string | null;
}

export class TenantApi {
  constructor(private readonly http: HttpClient) {}

  notices() {
    return this.http.json<{ items: PlatformNotice[] }>('GET', '/v1/notices', { query: { limit: 5 } });
  }

  companySettings() {
    return this.http.json<CompanySettings>('GET', '/v1/tenant/settings');
  }

  /** Only the changed fields; owners only. */
  updateCompanySettings(changes: Partial<CompanySettings>) {
    return this.http.json<CompanySettings>('PATCH', '/v1/tenant/settings', { body: changes });
  }

  signUp(request: SignUpRequest, idempotencyKey: string) {
    return this.http.json<{ id: string; slug: string }>('POST', '/v1/tenants/signup', { body: request, anonymous: true, headers: { 'idempotency-key': idempotencyKey } });
  }

  departments() {
    return this.http.json<{ items: Department[] }>('GET', '/v1/directory/departments');
  }

  /** Owners and admins; a taken code is a 409 naming `code`, an unknown parent a 422 naming `parentId`. */
  createDepartment(department: NewDepartment) {
    return this.http.json<Department>('POST', '/v1/directory/departments', { body: department });
  }

  /** Owners and admins; moving under itself or one of its sub-departments is a 422 naming `parentId`. */
  updateDepartment(id: string, patch: DepartmentPatch) {
    return this.http.json<Department>('PATCH', `/v1/directory/departments/${encodeURIComponent(id)}`, { body: patch });
  }

  /** Owners and admins; refused (409) while the department still has sub-departments or members. */
  deleteDepartment(id: string) {
    return this.http.json<void>('DELETE', `/v1/directory/departments/${encodeURIComponent(id)}`);
  }

  groups() {
    return this.http.json<{ items: Group[] }>('GET', '/v1/directory/groups');
  }

  /** Owners and admins; a taken name is a 409 naming `name`. */
  createGroup(group: { name: string; description?: string }) {
    return this.http.json<Group>('POST', '/v1/directory/groups', { body: group });
  }

  updateGroup(id: string, patch: { name?: string; description?: string }) {
    return this.http.json<Group>('PATCH', `/v1/directory/groups/${encodeURIComponent(id)}`, { body: patch });
  }

  /** Owners and admins; the members leave the group, the people stay in the directory. */
  deleteGroup(id: string) {
    return this.http.json<void>('DELETE', `/v1/directory/groups/${encodeURIComponent(id)}`);
  }

  /** The complete member list: whoever is not in it leaves the group. An unknown person is a 422 naming `employeeIds.<index>`. */
  replaceGroupMembers(id: string, employeeIds: string[]) {
    return this.http.json<Group>('PUT', `/v1/directory/groups/${encodeURIComponent(id)}/members`, { body: { employeeIds } });
  }

  /** `groupId`: only that group's members (with their names, a page at a time). */
  employees(query: { q?: string; number?: string; departmentId?: string; groupId?: string; cursor?: string; limit?: number }, signal?: AbortSignal) {
    return this.http.json<{ items: Employee[]; nextCursor: string | null }>('GET', '/v1/directory/employees', { query, signal });
  }

  /**
   * Exactly these people (at most 200 ids, one request), in the view the caller may see: the
   * mobile phone only for those they are responsible for. Unknown ids are left out.
   */
  employeesByIds(ids: readonly string[], signal?: AbortSignal) {
    return this.http.json<{ items: EmployeeDetail[] }>('GET', '/v1/directory/employees', { query: { ids: ids.join(','), limit: ids.length }, signal });
  }

  employee(id: string, signal?: AbortSignal) {
    return this.http.json<EmployeeDetail>('GET', `/v1/directory/employees/${encodeURIComponent(id)}`, { signal });
  }

  /** Owners, admins and department admins (within their departments); a taken employee number is a 409 naming the field. */
  createEmployee(employee: NewEmployee) {
    return this.http.json<EmployeeDetail>('POST', '/v1/directory/employees', { body: employee });
  }

  /** Owners, admins and department admins (within their departments); disabling (`active: false`) starts off-boarding. */
  updateEmployee(id: string, patch: EmployeePatch) {
    return this.http.json<EmployeeDetail>('PATCH', `/v1/directory/employees/${encodeURIComponent(id)}`, { body: patch });
  }

  startImport(file: Blob | string, mode: 'dry_run' | 'apply') {
    return this.http.json<ImportJob>('POST', '/v1/directory/imports', { query: { mode, kind: 'employees' }, file: { data: file, contentType: 'text/csv' } });
  }

  importJob(id: string) {
    return this.http.json<ImportJob>('GET', `/v1/directory/imports/${encodeURIComponent(id)}`);
  }

  exportEmployees(headers: 'ja' | 'en') {
    return this.http.send('GET', '/v1/directory/exports/employees.csv', { query: { encoding: 'utf-8', headers }, headers: { accept: 'text/csv' } });
  }

  auditLog(cursor?: string) {
    return this.http.json<{ items: AuditEntry[]; nextCursor?: string | null }>('GET', '/v1/audit-log', { query: { cursor, limit: 100 } });
  }
}
