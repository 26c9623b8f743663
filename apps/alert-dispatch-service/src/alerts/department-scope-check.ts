import { Principal } from '@anpi/auth-guard';
import { ForbiddenException } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AlertTarget } from './alert-target';

/**
 * A department admin may alert only inside their subtree: the target must be departments,
 * each of which has one of the admin's departments on its path. Owners and admins may alert
 * anyone; members may not alert at all (enforced by @Roles).
 */
export async function assertTargetWithinScope(manager: EntityManager, principal: Principal, target: AlertTarget): Promise<void> {
  if (principal.role !== 'department_admin') return;
  if (target.kind !== 'departments') {
    throw new ForbiddenException('a department admin can only alert departments within their scope');
  }
  const inScope: { department_id: string }[] = await manager.query(
    'SELECT department_id FROM directory_departments WHERE department_id = ANY($1::uuid[]) AND path && $2::uuid[]',
    [target.departmentIds, principal.departmentIds],
  );
  if (inScope.length !== new Set(target.departmentIds).size) {
    throw new ForbiddenException('the target includes departments outside your scope');
  }
}
