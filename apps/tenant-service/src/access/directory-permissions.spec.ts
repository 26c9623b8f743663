import type { Principal } from '@anpi/auth-guard';
import { isInScope, mayWriteEmployee, maySeePrivateContacts } from './directory-permissions';

const head = 'd0000000-0000-4000-8000-000000000001';
const sales = 'd0000000-0000-4000-8000-000000000002';
const salesTokyo = 'd0000000-0000-4000-8000-000000000003';
const factory = 'd0000000-0000-4000-8000-000000000004';
const principal = (role: Principal['role'], departmentIds: string[] = []): Principal => ({
  tenantId: 'a0000000-0000-4000-8000-000000000001',
  userId: 'b0000000-0000-4000-8000-000000000001',
  role,
  departmentIds,
});

describe('directory permissions', () => {
  const inSalesTokyo = [[head, sales, salesTokyo]];
  const inFactory = [[head, factory]];

  it.each([
    ['an owner', principal('owner'), inFactory, true],
    ['an admin', principal('admin'), inFactory, true],
    ['a department admin of an ancestor', principal('department_admin', [sales]), inSalesTokyo, true],
    ['a department admin of another branch', principal('department_admin', [sales]), inFactory, false],
    ['a department admin, for someone with no department', principal('department_admin', [sales]), [], false],
    ['a member', principal('member'), inSalesTokyo, false],
  ])('%s: in scope = %s', (_case, who, paths, expected) => {
    expect(isInScope(who, paths)).toBe(expected);
    expect(maySeePrivateContacts(who, paths)).toBe(expected);
  });

  it('counts a person in two departments in both admins’ scope', () => {
    expect(isInScope(principal('department_admin', [factory]), [...inSalesTokyo, ...inFactory])).toBe(true);
  });

  it('lets a department admin neither move people out of scope nor pull them in', () => {
    const salesAdmin = principal('department_admin', [sales]);
    expect(mayWriteEmployee(salesAdmin, inSalesTokyo, [[head, sales]])).toBe(true);
    expect(mayWriteEmployee(salesAdmin, inSalesTokyo, inFactory)).toBe(false);
    expect(mayWriteEmployee(salesAdmin, inFactory, inSalesTokyo)).toBe(false);
    expect(mayWriteEmployee(salesAdmin, undefined, inSalesTokyo)).toBe(true);
  });
});
