import { ApiError } from '../api/api-error';
import type { Principal } from '../api/auth-api';
import type { InvitableRole, Invitation, TeamMember } from '../api/team-api';

/**
 * What the viewer may do to whom, as auth-service decides it (invitations/invite-account.ts,
 * offboarding/disable-account.ts). The console only hides what would be refused; the service
 * still decides.
 */
const invitableBy: Record<string, readonly InvitableRole[]> = {
  owner: ['admin', 'department_admin', 'member'],
  admin: ['department_admin', 'member'],
};

export function invitableRoles(viewer: Principal | undefined): readonly InvitableRole[] {
  return (viewer && invitableBy[viewer.role]) ?? [];
}

/** Never oneself, never the owner; an admin off-boards only department admins and members. */
export function canDisable(viewer: Principal | undefined, member: TeamMember): boolean {
  if (!viewer || member.status === 'disabled' || member.id === viewer.userId || member.role === 'owner') return false;
  return viewer.role === 'owner' || (viewer.role === 'admin' && member.role !== 'admin');
}

/** Owners reset the two-step verification of any other account that has it set up (never their own: they use a recovery code). */
export function canResetSecondFactor(viewer: Principal | undefined, member: TeamMember): boolean {
  return viewer?.role === 'owner' && member.id !== viewer.userId && member.secondFactor === 'active';
}

/**
 * Whose account an owner or admin may link to its directory person (auth-service
 * account-authority.ts; nobody else may link at all): owners anyone's, admins department
 * admins' and members', and either their own (so that they can answer their own safety check). A disabled account is only
 * offered when it is linked: it can be unlinked (freeing the person), not linked.
 */
const linkableBy: Record<string, readonly string[]> = {
  owner: ['owner', 'admin', 'department_admin', 'member'],
  admin: ['department_admin', 'member'],
};

export function canLinkDirectoryPerson(viewer: Principal | undefined, member: TeamMember): boolean {
  const linkable = viewer && linkableBy[viewer.role];
  if (!linkable || (member.status === 'disabled' && member.employeeId === null)) return false;
  return member.id === viewer.userId || linkable.includes(member.role);
}

/** A disabled account keeps no new link (the service answers 409). */
export function canChooseDirectoryPerson(member: TeamMember): boolean {
  return member.status !== 'disabled';
}

/** The service's 409 naming `employeeId` as taken: another account of the company is linked to that person. */
export function isPersonTaken(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.details.some((problem) => problem.path === 'employeeId' && problem.rule === 'taken');
}

/** Whoever may invite a role may send a pending invitation of that role again. */
export function canResendInvitation(viewer: Principal | undefined, member: TeamMember): boolean {
  return member.status === 'pending_activation' && (invitableRoles(viewer) as readonly string[]).includes(member.role);
}

/** The invitation form as typed. */
export interface InvitationValues {
  email: string;
  displayName: string;
  role: InvitableRole;
  departmentIds: string[];
}

export function emptyInvitation(viewer: Principal | undefined): InvitationValues {
  const roles = invitableRoles(viewer);
  // The least powerful role first: granting more is a deliberate choice.
  return { email: '', displayName: '', role: roles[roles.length - 1] ?? 'member', departmentIds: [] };
}

/** Departments travel only with a department admin (the service refuses them for other roles). */
export function invitationOf(values: InvitationValues): Invitation {
  return {
    email: values.email.trim(),
    displayName: values.displayName.trim(),
    role: values.role,
    departmentIds: values.role === 'department_admin' ? values.departmentIds : [],
  };
}

/** The team as it reads best: pending and active people first, the disabled last, each group in the service's order (oldest first). */
export function inDisplayOrder(members: TeamMember[]): TeamMember[] {
  return [...members.filter((member) => member.status !== 'disabled'), ...members.filter((member) => member.status === 'disabled')];
}
