import { ACCESS_TOKEN_TYPE, Principal } from '@anpi/auth-guard';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { SigningKeyRing } from './signing-key-ring';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  /** Audience of platform operators' tokens: only the platform API accepts them, no tenant route. */
  platformAudience: string;
  ttlSeconds: number;
}

/** The `role` claim of a platform operator's token (which has no `tid`: an operator belongs to no tenant). */
export const PLATFORM_OPERATOR_ROLE = 'platform_operator';

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

/** Signs the short-lived access tokens every service's AccessTokenGuard verifies. */
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly settings: AccessTokenSettings,
  ) {}

  /** `emp` only when the account is linked to a directory person: an unlinked token carries no such claim at all. */
  issue(principal: Principal): Promise<IssuedAccessToken> {
    const claims = { tid: principal.tenantId, role: principal.role, dep: principal.departmentIds, ...(principal.employeeId ? { emp: principal.employeeId } : {}) };
    return this.sign(claims, principal.userId, this.settings.audience);
  }

  issueForPlatformOperator(operatorId: string): Promise<IssuedAccessToken> {
    return this.sign({ role: PLATFORM_OPERATOR_ROLE }, operatorId, this.settings.platformAudience);
  }

  private async sign(claims: Record<string, unknown>, subject: string, audience: string): Promise<IssuedAccessToken> {
    const { kid, alg, privateKey } = this.keys.active;
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.settings.issuer)
      .setAudience(audience)
      .setSubject(subject)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, expiresIn: this.settings.ttlSeconds };
  }
}
