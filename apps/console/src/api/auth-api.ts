import { HttpClient } from './http-client';

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

export interface LogInRequest {
  tenant: string;
  email: string;
  password: string;
  oneTimeCode?: string;
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

  securitySettings() {
    return this.http.json<{ mfaRequiredForAdmins: boolean }>('GET', '/v1/security-settings');
  }

  updateSecuritySettings(settings: { mfaRequiredForAdmins: boolean }) {
    return this.http.json<{ mfaRequiredForAdmins: boolean }>('PUT', '/v1/security-settings', { body: settings });
  }
}
