import { randomUUID } from 'node:crypto';
import { accessTokenClaimsSchema, principalFromClaims } from './principal';

const claims = (overrides: Record<string, unknown> = {}) => ({ sub: randomUUID(), tid: randomUUID(), role: 'member', dep: [], iat: 1_780_000_000, ...overrides });

describe('principalFromClaims: the directory person of an account', () => {
  it('turns `emp` into employeeId', () => {
    const employeeId = randomUUID();
    const parsed = accessTokenClaimsSchema.parse(claims({ emp: employeeId }));
    expect(principalFromClaims(parsed)).toEqual({ tenantId: parsed.tid, userId: parsed.sub, role: 'member', departmentIds: [], employeeId });
  });

  it('leaves employeeId out when the account is not linked', () => {
    expect(principalFromClaims(accessTokenClaimsSchema.parse(claims()))).not.toHaveProperty('employeeId');
  });

  it.each([['E-0001'], [''], [null], [42]])('refuses an `emp` of %p', (emp) => {
    expect(accessTokenClaimsSchema.safeParse(claims({ emp })).success).toBe(false);
  });
});
