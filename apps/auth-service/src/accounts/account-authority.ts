import { Principal } from '@anpi/auth-guard';
import { AccountRole } from './account.entity';

/**
 * Whose account a role may change (disable, link to a directory person …): owners anyone's,
 * admins only department admins' and members' — an admin never acts on an owner or another admin.
 * Rules about one's own account belong to each action (disabling oneself is refused).
 */
const manageableRoles: Record<Principal['role'], readonly AccountRole[]> = {
  owner: ['owner', 'admin', 'department_admin', 'member'],
  admin: ['department_admin', 'member'],
  department_admin: [],
  member: [],
};

export function mayManageAccountOf(actorRole: Principal['role'], targetRole: AccountRole): boolean {
  return manageableRoles[actorRole].includes(targetRole);
}
