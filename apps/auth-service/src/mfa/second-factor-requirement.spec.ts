import { secondFactorRequirement, SecondFactorSituation } from './second-factor-requirement';

describe('secondFactorRequirement', () => {
  it.each<[SecondFactorSituation, ReturnType<typeof secondFactorRequirement>]>([
    [{ role: 'owner', enrolled: false, tenantRequiresIt: false }, 'none'],
    [{ role: 'owner', enrolled: true, tenantRequiresIt: false }, 'code'],
    [{ role: 'owner', enrolled: false, tenantRequiresIt: true }, 'enrollment'],
    [{ role: 'admin', enrolled: false, tenantRequiresIt: true }, 'enrollment'],
    [{ role: 'admin', enrolled: true, tenantRequiresIt: true }, 'code'],
    [{ role: 'department_admin', enrolled: false, tenantRequiresIt: true }, 'none'],
    [{ role: 'member', enrolled: false, tenantRequiresIt: true }, 'none'],
  ])('%o → %s', (situation, expected) => {
    expect(secondFactorRequirement(situation)).toBe(expected);
  });
});
