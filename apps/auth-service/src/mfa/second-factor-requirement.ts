import { AccountRole } from '../accounts/account.entity';

export type SecondFactorRequirement = 'none' | 'code' | 'enrollment';

/** The roles that may (and, where the tenant says so, must) use a second factor. */
export const ROLES_WITH_SECOND_FACTOR: readonly AccountRole[] = ['owner', 'admin'];

export interface SecondFactorSituation {
  role: AccountRole;
  enrolled: boolean;
  tenantRequiresIt: boolean;
}

/**
 * Whoever has a confirmed second factor must use it. An owner or admin without one gets no
 * tokens once their tenant requires it: they enrol first (with their password), then log in.
 */
export function secondFactorRequirement({ role, enrolled, tenantRequiresIt }: SecondFactorSituation): SecondFactorRequirement {
  if (enrolled) return 'code';
  return tenantRequiresIt && ROLES_WITH_SECOND_FACTOR.includes(role) ? 'enrollment' : 'none';
}
