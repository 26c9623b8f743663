import type { SecondFactorState, TeamMemberStatus, TeamRole } from '../api/team-api';
import type { MessageKey } from '../i18n/messages';

/** Roles and states in words (never the service's identifiers). */
export const roleLabel: Record<TeamRole, MessageKey> = {
  owner: 'team.role.owner',
  admin: 'team.role.admin',
  department_admin: 'team.role.department_admin',
  member: 'team.role.member',
};

export const statusLabel: Record<TeamMemberStatus, MessageKey> = {
  active: 'team.status.active',
  pending_activation: 'team.status.pending_activation',
  disabled: 'team.status.disabled',
};

export const secondFactorLabel: Record<SecondFactorState, MessageKey> = {
  active: 'team.twoStep.active',
  none: 'team.twoStep.none',
};
