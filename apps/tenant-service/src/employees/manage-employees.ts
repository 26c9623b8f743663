import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { BadRequestException, ConflictException, ForbiddenException, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Caller } from '../access/caller';
import { DepartmentPath, isInScope, mayWriteEmployee, maySeePrivateContacts } from '../access/directory-permissions';
import { recordAudit } from '../audit/audit-trail';
import { ContactPoints, ContactVault } from '../contact-encryption/contact-vault';
import { DirectoryKeys } from '../contact-encryption/directory-keys';
import { DepartmentStore } from '../departments/department-store';
import { conflictFromUniqueViolation, unprocessableField } from '../validation/field-error';
import { decodeEmployeeCursor, encodeEmployeeCursor } from './employee-cursor';
import { EmployeeRecord } from './employee-record';
import { EmployeeInput, EmployeePatch, ListEmployeesQuery } from './employee-schemas';
import { EmployeeSnapshots } from './employee-snapshots';
import { EmployeeAttributes, EmployeeStore } from './employee-store';
import { EmployeeDirectoryView, EmployeeFullView, toDirectoryView, toFullView } from './employee-views';

const uniqueFields = { employees_tenant_id_employee_number_key: 'employeeNumber' };
const contactFields = ['companyEmail', 'privateEmails', 'mobilePhone', 'lineUserId'] as const;

export interface EmployeePage {
  items: (EmployeeDirectoryView | EmployeeFullView)[];
  nextCursor: string | null;
}

/**
 * The employee directory of the caller's tenant. Contact data is decrypted only for the
 * response and re-encrypted on every write (which also moves the row onto the tenant's
 * current data key). Each change commits with its event and its audit entry.
 */
export class ManageEmployees {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: DirectoryKeys,
    private readonly vault: ContactVault,
    private readonly snapshots: EmployeeSnapshots,
  ) {}

  get(caller: Caller, id: string): Promise<EmployeeDirectoryView | EmployeeFullView> {
    return this.inTenant(caller, async (manager) => {
      const employee = (await new EmployeeStore(manager).find(id)) ?? notFound();
      const [view] = await this.views(manager, caller, [employee]);
      return view;
    });
  }

  list(caller: Caller, query: ListEmployeesQuery): Promise<EmployeePage> {
    const after = query.cursor === undefined ? undefined : (decodeEmployeeCursor(query.cursor) ?? invalidCursor());
    const tenantId = caller.principal.tenantId;
    return this.inTenant(caller, async (manager) => {
      const employees = await new EmployeeStore(manager).list({
        nameContains: query.q,
        numberStartsWith: query.number,
        departmentId: query.departmentId,
        includeSubDepartments: query.includeSubDepartments,
        status: query.status,
        emailLookup: query.email === undefined ? undefined : this.vault.emailLookup(tenantId, query.email),
        phoneLookup: query.phone === undefined ? undefined : this.vault.phoneLookup(tenantId, query.phone),
        groupId: query.groupId,
        ids: query.ids,
        after,
        limit: query.limit,
      });
      const last = employees.at(-1);
      return {
        items: await this.views(manager, caller, employees),
        nextCursor: employees.length === query.limit && last ? encodeEmployeeCursor(last) : null,
      };
    });
  }

  create(caller: Caller, input: EmployeeInput): Promise<EmployeeFullView> {
    return this.inTenant(caller, async (manager) => {
      const tenantId = caller.principal.tenantId;
      const pathsAfter = await this.departmentPaths(manager, input.departmentIds);
      if (!mayWriteEmployee(caller.principal, undefined, pathsAfter)) throw outOfScope();
      const id = randomUUID();
      const cipher = await this.keys.cipherFor(manager, tenantId);
      const store = new EmployeeStore(manager);
      await store
        .insert(tenantId, id, attributesOf(input), this.vault.seal(cipher, tenantId, id, contactsOf(input)))
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      await store.replaceDepartments(tenantId, id, input.departmentIds);
      return this.commitChange(manager, caller, id, { action: 'employee.created', details: { fields: Object.keys(input) } });
    });
  }

  update(caller: Caller, id: string, patch: EmployeePatch): Promise<EmployeeFullView> {
    return this.inTenant(caller, async (manager) => {
      const tenantId = caller.principal.tenantId;
      const store = new EmployeeStore(manager);
      const current = (await store.find(id, { lock: true })) ?? notFound();
      await refuseIfPurged(manager, id);
      const departmentIds = patch.departmentIds ?? current.departmentIds;
      const pathsBefore = await this.departmentPaths(manager, current.departmentIds);
      const pathsAfter = await this.departmentPaths(manager, departmentIds);
      if (!mayWriteEmployee(caller.principal, pathsBefore, pathsAfter)) throw outOfScope();
      const cipher = await this.keys.cipherFor(manager, tenantId);
      const contacts = { ...this.vault.open(cipher, tenantId, id, current.sealed), ...pickContacts(patch) };
      const attributes = { ...currentAttributes(current), ...pickAttributes(patch) };
      await store
        .update(id, attributes, this.vault.seal(cipher, tenantId, id, contacts))
        .catch((error: unknown) => conflictFromUniqueViolation(error, uniqueFields));
      if (patch.departmentIds) await store.replaceDepartments(tenantId, id, departmentIds);
      return this.commitChange(manager, caller, id, { action: statusAction(current, patch), details: { fields: Object.keys(patch) } });
    });
  }

  delete(caller: Caller, id: string): Promise<void> {
    return this.inTenant(caller, async (manager) => {
      const store = new EmployeeStore(manager);
      const current = (await store.find(id, { lock: true })) ?? notFound();
      if (!isInScope(caller.principal, await this.departmentPaths(manager, current.departmentIds))) throw outOfScope();
      await store.delete(id);
      await appendToOutbox(manager, [this.snapshots.removed(caller.principal.tenantId, id, 'deleted')]);
      await recordAudit(manager, caller.principal.tenantId, { kind: 'user', caller }, [{ action: 'employee.deleted', targetType: 'employee', targetId: id }]);
    });
  }

  private async commitChange(manager: EntityManager, caller: Caller, id: string, audit: { action: string; details: Record<string, unknown> }): Promise<EmployeeFullView> {
    const tenantId = caller.principal.tenantId;
    const employee = (await new EmployeeStore(manager).find(id)) ?? notFound();
    const cipher = await this.keys.cipherFor(manager, tenantId);
    await appendToOutbox(manager, [this.snapshots.upserted(tenantId, cipher, employee)]);
    await recordAudit(manager, tenantId, { kind: 'user', caller }, [{ ...audit, targetType: 'employee', targetId: id }]);
    return toFullView(employee, this.vault.open(cipher, tenantId, id, employee.sealed));
  }

  private async views(manager: EntityManager, caller: Caller, employees: EmployeeRecord[]): Promise<(EmployeeDirectoryView | EmployeeFullView)[]> {
    const tenantId = caller.principal.tenantId;
    const cipher = await this.keys.cipherFor(manager, tenantId);
    const paths = await new DepartmentStore(manager).pathsOf([...new Set(employees.flatMap((employee) => employee.departmentIds))]);
    return employees.map((employee) => {
      const contacts = this.vault.open(cipher, tenantId, employee.id, employee.sealed);
      const employeePaths = employee.departmentIds.flatMap((departmentId) => (paths.has(departmentId) ? [paths.get(departmentId)!] : []));
      return maySeePrivateContacts(caller.principal, employeePaths) ? toFullView(employee, contacts) : toDirectoryView(employee, contacts);
    });
  }

  /** Paths of the departments named in a request; an id this tenant does not have is a field error. */
  private async departmentPaths(manager: EntityManager, departmentIds: readonly string[]): Promise<DepartmentPath[]> {
    const paths = await new DepartmentStore(manager).pathsOf(departmentIds);
    return departmentIds.map((departmentId, index) => paths.get(departmentId) ?? unknownDepartment(index));
  }

  private inTenant<T>(caller: Caller, work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTenantTransaction(this.dataSource, caller.principal.tenantId, work);
  }
}

function attributesOf(input: EmployeeInput): EmployeeAttributes {
  return {
    employeeNumber: input.employeeNumber,
    nameKanji: input.nameKanji,
    nameKana: input.nameKana,
    workPrefecture: input.workPrefecture,
    homePrefecture: input.homePrefecture,
    language: input.language,
    roles: input.roles,
    active: input.active,
  };
}

function currentAttributes(employee: EmployeeRecord): EmployeeAttributes {
  return { ...employee, active: employee.status === 'active' };
}

function contactsOf(input: Pick<EmployeeInput, (typeof contactFields)[number]>): ContactPoints {
  return { companyEmail: input.companyEmail, privateEmails: input.privateEmails, mobilePhone: input.mobilePhone, lineUserId: input.lineUserId };
}

function pickContacts(patch: EmployeePatch): Partial<ContactPoints> {
  return Object.fromEntries(contactFields.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]));
}

const attributeFields = ['employeeNumber', 'nameKanji', 'nameKana', 'workPrefecture', 'homePrefecture', 'language', 'roles', 'active'] as const;

function pickAttributes(patch: EmployeePatch): Partial<EmployeeAttributes> {
  return Object.fromEntries(attributeFields.filter((field) => patch[field] !== undefined).map((field) => [field, patch[field]]));
}

/** Disabling and re-enabling are audited as such: off-boarding starts the purge clock. */
function statusAction(current: EmployeeRecord, patch: EmployeePatch): string {
  if (patch.active === false && current.status === 'active') return 'employee.disabled';
  if (patch.active === true && current.status === 'disabled') return 'employee.enabled';
  return 'employee.updated';
}

function notFound(): never {
  throw new NotFoundException('employee not found');
}

function outOfScope(): never {
  throw new ForbiddenException('the employee is outside your departments');
}

function unknownDepartment(index: number): never {
  throw unprocessableField(`departmentIds.${index}`, 'no such department');
}

function invalidCursor(): never {
  throw new BadRequestException({ error: 'Bad Request', message: 'validation failed', details: [{ path: 'cursor', message: 'not a cursor of this list' }] });
}

/** A purged employee is a tombstone: writing to it would bring personal data back. */
async function refuseIfPurged(manager: EntityManager, id: string): Promise<void> {
  const [row]: { purged_at: Date | null }[] = await manager.query('SELECT purged_at FROM employees WHERE id = $1', [id]);
  if (row?.purged_at) throw new ConflictException("this employee's personal data was purged after off-boarding; the record cannot be changed");
}
