import { creatorActor } from './create-alert.use-case';

describe('creatorActor', () => {
  const tenantId = '6f1c9a52-1111-4a0e-9a57-000000000001';

  it('takes the actor the caller names (the console: the signed-in person with role and address)', () => {
    const actor = { kind: 'user' as const, userId: 'user-1', role: 'owner', ip: '198.51.100.4' };
    expect(creatorActor({ tenantId, createdBy: 'user-1', source: 'manual', actor })).toBe(actor);
  });

  it('otherwise derives it from where the alert came from', () => {
    expect(creatorActor({ tenantId, createdBy: 'user-1', source: 'manual' })).toEqual({ kind: 'user', userId: 'user-1', role: null, ip: null });
    expect(creatorActor({ tenantId, createdBy: 'disaster-rule:rule-9', source: 'disaster-rule' })).toEqual({ kind: 'system', job: 'disaster-rule:rule-9' });
    expect(creatorActor({ tenantId, createdBy: 'bousai-gateway:op-1', source: 'internal' })).toEqual({ kind: 'service', caller: 'bousai-gateway:op-1' });
  });
});
