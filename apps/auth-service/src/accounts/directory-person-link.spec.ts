import { Principal } from '@anpi/auth-guard';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { directoryPersonCommandSchema, isOnePersonOneAccountViolation, mayLinkDirectoryPersonOf, personTaken } from './directory-person-link';

const actor = (role: Principal['role']): Principal => ({ tenantId: randomUUID(), userId: randomUUID(), role, departmentIds: [] });

describe('directoryPersonCommandSchema', () => {
  it('takes a person id, or null to unlink', () => {
    const employeeId = randomUUID();
    expect(directoryPersonCommandSchema.parse({ employeeId })).toEqual({ employeeId });
    expect(directoryPersonCommandSchema.parse({ employeeId: null })).toEqual({ employeeId: null });
  });

  it.each([
    ['a missing employeeId (unlinking is said with null)', {}],
    ['an employee number instead of the id', { employeeId: 'E-0001' }],
    ['an unknown field', { employeeId: randomUUID(), accountId: randomUUID() }],
  ])('refuses %s', (_case, body) => {
    expect(directoryPersonCommandSchema.safeParse(body).success).toBe(false);
  });
});

describe('mayLinkDirectoryPersonOf: who may link whom', () => {
  it.each([
    ['owner', 'owner', true],
    ['owner', 'admin', true],
    ['owner', 'member', true],
    ['admin', 'owner', false],
    ['admin', 'admin', false],
    ['admin', 'department_admin', true],
    ['admin', 'member', true],
    ['department_admin', 'member', false],
    ['member', 'member', false],
  ] as const)('%s → another %s: %s', (actorRole, targetRole, allowed) => {
    expect(mayLinkDirectoryPersonOf(actor(actorRole), { id: randomUUID(), role: targetRole })).toBe(allowed);
  });

  it('lets an owner or admin link their own account', () => {
    for (const role of ['owner', 'admin'] as const) {
      const self = actor(role);
      expect(mayLinkDirectoryPersonOf(self, { id: self.userId, role })).toBe(true);
    }
  });
});

describe('the one-person-one-account conflict', () => {
  const violation = (constraint: string) => new QueryFailedError('UPDATE accounts …', [], Object.assign(new Error('duplicate key'), { code: '23505', constraint }));

  it('recognises the unique index on the link, and no other constraint', () => {
    expect(isOnePersonOneAccountViolation(violation('accounts_employee_id_key'))).toBe(true);
    expect(isOnePersonOneAccountViolation(violation('accounts_tenant_id_email_lookup_key'))).toBe(false);
    expect(isOnePersonOneAccountViolation(new Error('connection lost'))).toBe(false);
  });

  it('answers 409 naming employeeId with the rule `taken`', () => {
    const conflict = personTaken();
    expect(conflict.getStatus()).toBe(409);
    expect(conflict.getResponse()).toEqual({ error: 'Conflict', message: 'employeeId is already in use', details: [{ path: 'employeeId', rule: 'taken', message: expect.any(String) }] });
  });
});
