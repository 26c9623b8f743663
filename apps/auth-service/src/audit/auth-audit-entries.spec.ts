import { randomUUID } from 'node:crypto';
import { AuditAction } from '../accounts/audit-log';
import { auditLogEntryOf, auditQuerySchema, AuthAuditRow, shownDetails } from './auth-audit-entries';

const row = (overrides: Partial<AuthAuditRow> = {}): AuthAuditRow => ({
  id: '42',
  occurred_at: new Date('2026-12-08T01:02:03.000Z'),
  account_id: randomUUID(),
  actor_account_id: randomUUID(),
  action: 'account_invited',
  details: {},
  ...overrides,
});

describe('shownDetails: only whitelisted keys leave auth-service', () => {
  it('keeps every key auth-service writes today (roles, directory person ids, the second-factor setting)', () => {
    const employeeId = randomUUID();
    const previousEmployeeId = randomUUID();
    expect(shownDetails({ role: 'member', employeeId, previousEmployeeId })).toEqual({ role: 'member', employeeId, previousEmployeeId });
    expect(shownDetails({ mfaRequiredForAdmins: false })).toEqual({ mfaRequiredForAdmins: false });
  });

  it.each([
    ['an e-mail address', { email: 'hanako@example.test' }],
    ['a name', { displayName: '山田 花子' }],
    ['a secret', { token: 'opaque-secret', password: 'kitsune ramen' }],
  ])('drops %s', (_case, details) => {
    expect(shownDetails({ role: 'admin', ...details })).toEqual({ role: 'admin' });
  });

  it('drops a nested object even under a shown key', () => {
    expect(shownDetails({ role: { email: 'hanako@example.test' }, employeeId: ['hanako@example.test'] })).toEqual({});
  });

  it('treats missing details as none', () => {
    expect(shownDetails(undefined as unknown as Record<string, unknown>)).toEqual({});
  });
});

describe("auditLogEntryOf: tenant-service's entry shape", () => {
  it('names the acting account as a user and the account acted on as the target', () => {
    const entry = row({ details: { role: 'admin', email: 'admin@example.test' } });
    expect(auditLogEntryOf(entry)).toEqual({
      id: '42',
      occurredAt: '2026-12-08T01:02:03.000Z',
      actor: { kind: 'user', id: entry.actor_account_id, role: null, ip: null },
      action: 'account_invited',
      target: { type: 'account', id: entry.account_id },
      details: { role: 'admin' },
    });
  });

  it.each<AuditAction>(['account_provisioned', 'account_activated', 'refresh_token_reused', 'account_deleted'])('shows %s without an acting account as auth-service itself', (action) => {
    expect(auditLogEntryOf(row({ action, actor_account_id: null })).actor).toEqual({ kind: 'system', id: 'auth-service', role: null, ip: null });
  });
});

describe('auditQuerySchema', () => {
  it('pages by 100 by default and accepts up to 500', () => {
    expect(auditQuerySchema.parse({})).toEqual({ limit: 100 });
    expect(auditQuerySchema.parse({ limit: '500', cursor: '17', action: 'account_invited' })).toEqual({ limit: 500, cursor: '17', action: 'account_invited' });
  });

  it.each([
    ['a limit of 0', { limit: '0' }],
    ['a limit above 500', { limit: '501' }],
    ['a cursor that is not an entry id', { cursor: 'abc' }],
    ['a target that is not an account id', { targetId: 'E-0001' }],
    ['an unknown parameter', { tenantId: randomUUID() }],
  ])('refuses %s', (_case, query) => {
    expect(auditQuerySchema.safeParse(query).success).toBe(false);
  });
});
