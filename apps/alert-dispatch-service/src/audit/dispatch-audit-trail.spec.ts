import type { Principal } from '@anpi/auth-guard';
import { ALERT_SCHEDULER_ACTOR, DISPATCH_AUDIT_ACTIONS, accountableId, userActor } from './dispatch-audit-trail';

describe('dispatch audit actors', () => {
  const principal: Principal = { tenantId: '6f1c9a52-1111-4a0e-9a57-000000000001', userId: 'user-1', role: 'admin', departmentIds: [] };

  it('names a signed-in person by user id, role and address', () => {
    expect(userActor({ principal, ip: '203.0.113.7' })).toEqual({ kind: 'user', userId: 'user-1', role: 'admin', ip: '203.0.113.7' });
  });

  it("names in alert.closed the person or service that closed an alert, and nobody for dispatch's own jobs", () => {
    expect(accountableId(userActor({ principal, ip: null }))).toBe('user-1');
    expect(accountableId({ kind: 'service', caller: 'bousai-gateway:operator-7' })).toBe('bousai-gateway:operator-7');
    expect(accountableId(ALERT_SCHEDULER_ACTOR)).toBeNull();
  });

  it('keeps the action list closed and free of repeats', () => {
    expect(new Set(DISPATCH_AUDIT_ACTIONS).size).toBe(DISPATCH_AUDIT_ACTIONS.length);
    for (const action of DISPATCH_AUDIT_ACTIONS) expect(action).toMatch(/^[a-z_]+\.[a-z_]+$/);
  });
});
