import { HttpClient } from './http-client';
import type { AuditEntry } from './tenant-api';

export interface SessionTokensResponse {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
}

export interface Principal {
  tenantId: string;
  userId: string;
  role: 'owner' | 'admin' | 'department_admin' | string;
  departmentIds: string[];
}

/** Company slug, e-mail and password: what a log-in and setting up two-step verification start with. */
export interface Credentials {
  tenant: string;
  email: string;
  password: string;
}

export interface LogInRequest extends Credentials {
  /** The 6-digit code of the authenticator app… */
  oneTimeCode?: string;
  /** …or, instead, one of the one-time recovery codes. */
  recoveryCode?: string;
}

/** The shared secret of a two-step set-up in progress, shown this once (the service keeps it sealed). */
export interface MfaEnrollmentSecret {
  /** What the authenticator app scans (as a QR code). */
  otpauthUri: string;
  /** The same secret in base32, for typing into the app by hand. */
  secret: string;
}

/** auth-service (/api/auth): sessions, activation, second factor, security settings. */
export class AuthApi {
  constructor(private readonly http: HttpClient) {}

  logIn(request: LogInRequest) {
    return this.http.json<SessionTokensResponse>('POST', '/v1/sessions', { body: request, anonymous: true });
  }

  logOut(refreshToken: string) {
    return this.http.json<void>('POST', '/v1/sessions/logout', { body: { refreshToken }, anonymous: true });
  }

  current() {
    return this.http.json<Principal>('GET', '/v1/sessions/current');
  }

  activateAccount(token: string, password: string) {
    return this.http.json<void>('POST', '/v1/account-activations', { body: { token, password }, anonymous: true });
  }

  /** Always 202: the answer never reveals whether the account exists. */
  requestPasswordReset(tenant: string, email: string) {
    return this.http.json<{ accepted: true }>('POST', '/v1/password-resets', { body: { tenant, email }, anonymous: true });
  }

  completePasswordReset(token: string, password: string) {
    return this.http.json<void>('POST', '/v1/password-resets/complete', { body: { token, password }, anonymous: true });
  }

  /**
   * Starts setting up two-step verification. With the password, not the session: an admin whose
   * company requires it gets no session until it is set up. Anonymous, so a wrong password is a
   * plain 401 rather than an expired session. 409: already set up; 403: not for this role.
   */
  startMfaEnrollment(credentials: Credentials) {
    return this.http.json<MfaEnrollmentSecret>('POST', '/v1/mfa/enrollment', { body: pick(credentials), anonymous: true });
  }

  /** Turns the set-up on with a first code from the app; answers the recovery codes, shown this once. */
  confirmMfaEnrollment(credentials: Credentials, oneTimeCode: string) {
    return this.http.json<{ recoveryCodes: string[] }>('POST', '/v1/mfa/enrollment/confirmation', { body: { ...pick(credentials), oneTimeCode }, anonymous: true });
  }

  /** Whether the signed-in account has two-step verification set up. */
  mfaStatus() {
    return this.http.json<{ secondFactor: 'active' | 'none' }>('GET', '/v1/mfa/status');
  }

  securitySettings() {
    return this.http.json<{ mfaRequiredForAdmins: boolean }>('GET', '/v1/security-settings');
  }

  updateSecuritySettings(settings: { mfaRequiredForAdmins: boolean }) {
    return this.http.json<{ mfaRequiredForAdmins: boolean }>('PUT', '/v1/security-settings', { body: settings });
  }

  /** The company's account audit log (invitations, disabled accounts, second factors, directory links…), newest first; owners and admins. */
  auditLog(cursor?: string) {
    return this.http.json<{ items: AuditEntry[]; nextCursor?: string | null }>('GET', '/v1/audit-log', { query: { cursor, limit: 100 } });
  }
}

/** The service's schemas are strict: nothing but the three fields goes out. */
function pick({ tenant, email, password }: Credentials): Credentials {
  return { tenant, email, password };
}
