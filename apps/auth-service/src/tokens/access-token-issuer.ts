import { ACCESS_TOKEN_TYPE, Principal } from '@anpi/auth-guard';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { SigningKeyRing } from './signing-key-ring';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

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

  async issue(principal: Principal): Promise<IssuedAccessToken> {
    const { kid, alg, privateKey } = this.keys.active;
    const accessToken = await new SignJWT({ tid: principal.tenantId, role: principal.role, dep: principal.departmentIds })
      .setProtectedHeader({ alg, kid, typ: ACCESS_TOKEN_TYPE })
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setSubject(principal.userId)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    return { accessToken, expiresIn: this.settings.ttlSeconds };
  }
}
