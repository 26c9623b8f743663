import type { Department } from '../api/tenant-api';
import { departmentPatch, isDirectoryAdministrator, newDepartmentBody, parentChoices, subDepartmentsOf } from './department-editing';

/** A department whose path (ids from the root) follows its parents. */
function department(id: string, name: string, parent?: Department, code: string | null = null): Department {
  return { id, name, code, parentId: parent?.id ?? null, path: [...(parent?.path ?? []), id] };
}

const sales = department('sales', '営業部', undefined, 'S');
const salesFirst = department('sales-1', '第一課', sales);
const salesFirstTeam = department('sales-1-a', 'A班', salesFirst);
const support = department('support', 'サポート部');
const all = [sales, salesFirst, salesFirstTeam, support];

describe('isDirectoryAdministrator', () => {
  it('lets owners and admins change departments and groups, as the service does', () => {
    expect(['owner', 'admin', 'department_admin', 'member', undefined].map(isDirectoryAdministrator)).toEqual([true, true, false, false, false]);
  });
});

describe('parentChoices', () => {
  it('offers every department for a new one', () => {
    expect(parentChoices(all).map((choice) => choice.id)).toEqual(['support', 'sales', 'sales-1', 'sales-1-a']);
  });

  it('leaves out the department itself and everything below it', () => {
    expect(parentChoices(all, 'sales').map((choice) => choice.id)).toEqual(['support']);
    expect(parentChoices(all, 'sales-1').map((choice) => choice.id)).toEqual(['support', 'sales']);
    expect(parentChoices(all, 'sales-1-a').map((choice) => choice.id)).toEqual(['support', 'sales', 'sales-1']);
  });
});

describe('newDepartmentBody', () => {
  it('trims, and sends an empty code or parent as null', () => {
    expect(newDepartmentBody({ name: ' 総務部 ', code: ' ', parentId: '' })).toEqual({ name: '総務部', code: null, parentId: null });
    expect(newDepartmentBody({ name: '第二課', code: 'S-2', parentId: 'sales' })).toEqual({ name: '第二課', code: 'S-2', parentId: 'sales' });
  });
});

describe('departmentPatch', () => {
  it('sends only what changed', () => {
    expect(departmentPatch(sales, { name: '営業部', code: 'S', parentId: '' })).toEqual({});
    expect(departmentPatch(sales, { name: '営業本部 ', code: 'S', parentId: '' })).toEqual({ name: '営業本部' });
    expect(departmentPatch(sales, { name: '営業部', code: '', parentId: 'support' })).toEqual({ code: null, parentId: 'support' });
    expect(departmentPatch(salesFirst, { name: '第一課', code: '', parentId: '' })).toEqual({ parentId: null });
  });
});

describe('subDepartmentsOf', () => {
  it('finds the departments directly below', () => {
    expect(subDepartmentsOf(all, 'sales').map((child) => child.id)).toEqual(['sales-1']);
    expect(subDepartmentsOf(all, 'support')).toEqual([]);
  });
});
