import { HttpClient } from './http-client';

export type TeamRole = 'owner' | 'admin' | 'department_admin' | 'member';
/** Nobody invites an owner: a company has the one who signed it up. */
export type InvitableRole = Exclude<TeamRole, 'owner'>;
export type TeamMemberStatus = 'pending_activation' | 'active' | 'disabled';

/** One account with console access. Name and e-mail are null when the service cannot read them any more. */
export interface TeamMember {
  id: string;
  displayName: string | null;
  email: string | null;
  role: TeamRole;
  status: TeamMemberStatus;
  /** The departments a department admin looks after (their sub-departments included). */
  departmentIds: string[];
  createdAt: string;
  disabledAt: string | null;
  /** `active`: two-step verification is set up (a set-up begun but not confirmed is `none`). */
  secondFactor: SecondFactorState;
  /** The person of the company's directory the account belongs to (whose safety checks it answers); null when not linked. */
  employeeId: string | null;
}

export type SecondFactorState = 'active' | 'none';

export interface Invitation {
  email: string;
  displayName: string;
  role: InvitableRole;
  departmentIds: string[];
}

/** auth-service (/api/auth): who uses the console, invitations and off-boarding. Owners and admins only. */
export class TeamApi {
  constructor(private readonly http: HttpClient) {}

  members() {
    return this.http.json<{ items: TeamMember[] }>('GET', '/v1/accounts');
  }

  invite(invitation: Invitation) {
    return this.http.json<{ id: string; role: InvitableRole; status: 'pending_activation' }>('POST', '/v1/invitations', { body: invitation });
  }

  /** A new link by e-mail for an invitation not accepted yet; the earlier link stops working. */
  resendInvitation(accountId: string) {
    return this.http.json<{ id: string; status: 'pending_activation' }>('POST', `/v1/accounts/${encodeURIComponent(accountId)}/invitation`);
  }

  /**
   * Owners only, never their own: removes the account's authenticator and recovery codes and ends
   * its sessions; the person is mailed and sets it up again at the next log-in. 409: nothing to reset.
   */
  resetSecondFactor(accountId: string) {
    return this.http.json<{ id: string; secondFactor: 'none' }>('POST', `/v1/accounts/${encodeURIComponent(accountId)}/second-factor/reset`);
  }

  /**
   * Links the account to its person in the directory (null unlinks). Owners any account, admins
   * department admins', members' and their own. 409 `employeeId` taken: another account has that
   * person; 409 too for a disabled account. The account's access tokens are voided (the next
   * request refreshes and gets one stating the new link).
   */
  linkDirectoryPerson(accountId: string, employeeId: string | null) {
    return this.http.json<Pick<TeamMember, 'id' | 'role' | 'status' | 'departmentIds' | 'employeeId' | 'createdAt'>>('PUT', `/v1/accounts/${encodeURIComponent(accountId)}/directory-person`, {
      body: { employeeId },
    });
  }

  /** Off-boarding: no more log-ins, open sessions end at once, the account is deleted after the grace period. */
  disable(accountId: string) {
    return this.http.json<{ id: string; status: 'disabled'; deleteAfter: string }>('POST', `/v1/accounts/${encodeURIComponent(accountId)}/disable`);
  }
}
