import { ApiError } from '../api/api-error';
import type { Principal } from '../api/auth-api';
import type { TeamMember } from '../api/team-api';
import {
  canChooseDirectoryPerson,
  canDisable,
  canLinkDirectoryPerson,
  canResendInvitation,
  canResetSecondFactor,
  emptyInvitation,
  inDisplayOrder,
  invitableRoles,
  invitationOf,
  isPersonTaken,
} from './team-rules';

const principal = (role: Principal['role'], userId = 'viewer'): Principal => ({ tenantId: 'tenant', userId, role, departmentIds: [] });
const member = (overrides: Partial<TeamMember> = {}): TeamMember => ({
  id: 'someone',
  displayName: '佐藤 花子',
  email: 'hanako@example.test',
  role: 'member',
  status: 'active',
  departmentIds: [],
  createdAt: '2026-12-01T00:00:00.000Z',
  disabledAt: null,
  secondFactor: 'none',
  employeeId: null,
  ...overrides,
});

describe('team rules', () => {
  it('offers owners every role but owner, admins only department admins and members, others nothing', () => {
    expect(invitableRoles(principal('owner'))).toEqual(['admin', 'department_admin', 'member']);
    expect(invitableRoles(principal('admin'))).toEqual(['department_admin', 'member']);
    expect(invitableRoles(principal('department_admin'))).toEqual([]);
    expect(invitableRoles(undefined)).toEqual([]);
    expect(emptyInvitation(principal('admin')).role).toBe('member');
  });

  it('lets nobody disable themselves or the owner, and admins not other admins', () => {
    expect(canDisable(principal('owner'), member({ role: 'admin' }))).toBe(true);
    expect(canDisable(principal('owner'), member({ role: 'owner', id: 'other-owner' }))).toBe(false);
    expect(canDisable(principal('owner', 'me'), member({ id: 'me', role: 'member' }))).toBe(false);
    expect(canDisable(principal('admin'), member({ role: 'admin' }))).toBe(false);
    expect(canDisable(principal('admin'), member({ role: 'department_admin' }))).toBe(true);
    expect(canDisable(principal('admin'), member({ status: 'disabled' }))).toBe(false);
    expect(canDisable(principal('member'), member())).toBe(false);
  });

  it('sends again only pending invitations of a role the viewer may invite', () => {
    expect(canResendInvitation(principal('owner'), member({ status: 'pending_activation', role: 'admin' }))).toBe(true);
    expect(canResendInvitation(principal('admin'), member({ status: 'pending_activation', role: 'admin' }))).toBe(false);
    expect(canResendInvitation(principal('admin'), member({ status: 'pending_activation' }))).toBe(true);
    expect(canResendInvitation(principal('owner'), member({ status: 'active' }))).toBe(false);
  });

  it('lets only owners reset two-step verification, of others who have it set up', () => {
    expect(canResetSecondFactor(principal('owner'), member({ role: 'admin', secondFactor: 'active' }))).toBe(true);
    expect(canResetSecondFactor(principal('owner'), member({ role: 'owner', id: 'other-owner', secondFactor: 'active' }))).toBe(true);
    expect(canResetSecondFactor(principal('owner'), member({ role: 'admin', secondFactor: 'none' }))).toBe(false);
    expect(canResetSecondFactor(principal('owner', 'me'), member({ id: 'me', role: 'owner', secondFactor: 'active' }))).toBe(false);
    expect(canResetSecondFactor(principal('admin'), member({ role: 'admin', secondFactor: 'active' }))).toBe(false);
    expect(canResetSecondFactor(undefined, member({ secondFactor: 'active' }))).toBe(false);
  });

  it('sends departments only with a department admin, and trims what was typed', () => {
    const values = { email: ' a@example.test ', displayName: ' 佐藤 ', role: 'member' as const, departmentIds: ['d1'] };
    expect(invitationOf(values)).toEqual({ email: 'a@example.test', displayName: '佐藤', role: 'member', departmentIds: [] });
    expect(invitationOf({ ...values, role: 'department_admin' }).departmentIds).toEqual(['d1']);
  });

  it('shows disabled accounts after everyone else, keeping the order within each group', () => {
    const ordered = inDisplayOrder([member({ id: 'a', status: 'disabled' }), member({ id: 'b' }), member({ id: 'c', status: 'pending_activation' })]);
    expect(ordered.map(({ id }) => id)).toEqual(['b', 'c', 'a']);
  });

  it('lets owners link anyone to their directory person, admins department admins, members and themselves, nobody else', () => {
    expect((['owner', 'admin', 'department_admin', 'member'] as const).map((role) => canLinkDirectoryPerson(principal('owner'), member({ role })))).toEqual([true, true, true, true]);
    expect((['owner', 'admin', 'department_admin', 'member'] as const).map((role) => canLinkDirectoryPerson(principal('admin'), member({ role })))).toEqual([false, false, true, true]);
    expect(canLinkDirectoryPerson(principal('admin', 'me'), member({ id: 'me', role: 'admin' }))).toBe(true);
    expect(canLinkDirectoryPerson(principal('owner', 'me'), member({ id: 'me', role: 'owner' }))).toBe(true);
    expect(canLinkDirectoryPerson(principal('department_admin'), member())).toBe(false);
    expect(canLinkDirectoryPerson(principal('member', 'me'), member({ id: 'me' }))).toBe(false);
    expect(canLinkDirectoryPerson(undefined, member())).toBe(false);
  });

  it('offers a disabled account only for unlinking, never for a new link', () => {
    expect(canLinkDirectoryPerson(principal('owner'), member({ status: 'disabled' }))).toBe(false);
    expect(canLinkDirectoryPerson(principal('owner'), member({ status: 'disabled', employeeId: 'person' }))).toBe(true);
    expect(canChooseDirectoryPerson(member({ status: 'disabled', employeeId: 'person' }))).toBe(false);
    expect(canChooseDirectoryPerson(member({ status: 'pending_activation' }))).toBe(true);
  });

  it('recognises the person being linked to another account already', () => {
    const taken = new ApiError(409, 'Conflict', 'employeeId is already in use', 'r1', [{ path: 'employeeId', rule: 'taken', message: 'another account is linked' }]);
    expect(isPersonTaken(taken)).toBe(true);
    expect(isPersonTaken(new ApiError(409, 'Conflict', 'the account is disabled'))).toBe(false);
    expect(isPersonTaken(new ApiError(400, 'Bad Request', 'invalid', 'r2', [{ path: 'employeeId', message: 'Invalid UUID', rule: 'format' }]))).toBe(false);
    expect(isPersonTaken(undefined)).toBe(false);
  });
});
