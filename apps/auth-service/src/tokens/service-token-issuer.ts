import { AnpiServiceName, SERVICE_TOKEN_TYPE } from '@anpi/auth-guard';
import { SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { SigningKeyRing } from './signing-key-ring';

export interface ServiceTokenSettings {
  issuer: string;
  /** At most SERVICE_TOKEN_MAX_AGE_SECONDS; config refuses more. */
  ttlSeconds: number;
}

export interface IssuedServiceToken {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
}

/**
 * Signs service tokens with the access-token keys, so every service verifies them with the
 * JWKS it already caches. `sub` is the caller, `aud` the one service it may call with it.
 */
export class ServiceTokenIssuer {
  constructor(
    private readonly keys: SigningKeyRing,
    private readonly settings: ServiceTokenSettings,
  ) {}

  async issue(caller: AnpiServiceName, callee: AnpiServiceName): Promise<IssuedServiceToken> {
    const { kid, alg, privateKey } = this.keys.active;
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg, kid, typ: SERVICE_TOKEN_TYPE })
      .setIssuer(this.settings.issuer)
      .setAudience(callee)
      .setSubject(caller)
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .setJti(randomUUID())
      .sign(privateKey);
    return { tokenType: 'Bearer', accessToken, expiresIn: this.settings.ttlSeconds };
  }
}
