import { randomUUID } from 'node:crypto';
import { isWithinDepartmentScope } from './department-scope';
import { Principal } from './principal';

const [headOffice, sales, salesTokyo, salesOsaka, engineering] = Array.from({ length: 5 }, () => randomUUID());
const parents = new Map<string, string | null>([
  [headOffice, null],
  [sales, headOffice],
  [salesTokyo, sales],
  [salesOsaka, sales],
  [engineering, headOffice],
]);
const principal = (role: Principal['role'], departmentIds: string[] = []): Principal => ({ tenantId: randomUUID(), userId: randomUUID(), role, departmentIds });

describe('isWithinDepartmentScope', () => {
  it.each([
    ['an owner, anywhere', principal('owner'), [engineering], true],
    ['an admin, even without a department', principal('admin'), [], true],
    ['a department admin, in their own department', principal('department_admin', [sales]), [sales], true],
    ['a department admin, in a descendant', principal('department_admin', [sales]), [salesOsaka], true],
    ['a department admin, in a sibling', principal('department_admin', [salesTokyo]), [salesOsaka], false],
    ['a department admin, in the parent', principal('department_admin', [sales]), [headOffice], false],
    ['a department admin, outside their subtree', principal('department_admin', [sales]), [engineering], false],
    ['a department admin, for someone also in their subtree', principal('department_admin', [sales]), [engineering, salesTokyo], true],
    ['a department admin, for a resource without a department', principal('department_admin', [sales]), [], false],
    ['a department admin, for an unknown department', principal('department_admin', [sales]), [randomUUID()], false],
    ['a member', principal('member'), [sales], false],
  ])('%s → %s', (_case, who, departments, expected) => {
    expect(isWithinDepartmentScope(who, departments, parents)).toBe(expected);
  });

  it('ends on a cyclic tree instead of looping', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const cyclic = new Map([[a, b], [b, a]]);
    expect(isWithinDepartmentScope(principal('department_admin', [sales]), [a], cyclic)).toBe(false);
  });
});
