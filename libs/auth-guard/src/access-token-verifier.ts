import { createLocalJWKSet, createRemoteJWKSet, errors, JSONWebKeySet, jwtVerify, JWTVerifyGetKey } from 'jose';
import { AccessRevocations } from './access-revocations';
import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE, accessTokenClaimsSchema, Principal, principalFromClaims } from './principal';

export interface AccessTokenExpectations {
  issuer: string;
  audience: string;
  /** Tolerated clock difference between auth-service and this pod. */
  clockToleranceSeconds?: number;
}

/** A token that must not be honoured. The reason is for logs only; callers answer a plain 401. */
export class AccessTokenRejected extends Error {
  constructor(readonly reason: string) {
    super(`access token rejected: ${reason}`);
    this.name = 'AccessTokenRejected';
  }
}

const remoteKeySets = new Map<string, JWTVerifyGetKey>();

/**
 * The public keys of auth-service, fetched once and cached. An unknown `kid` triggers a
 * refetch (a key was rotated in), at most once per cooldown, so a flood of forged `kid`s
 * cannot turn into a flood of JWKS requests.
 */
export function remoteSigningKeys(jwksUrl: string): JWTVerifyGetKey {
  // One cache per URL and process: access-token and service-token guards share fetches.
  const known = remoteKeySets.get(jwksUrl) ?? createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000, timeoutDuration: 3_000 });
  remoteKeySets.set(jwksUrl, known);
  return known;
}

/** For auth-service itself and for tests: the key set is already at hand. */
export function localSigningKeys(keySet: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(keySet);
}

/**
 * Turns a bearer token into a Principal, or refuses it. Signature, algorithm, type, issuer,
 * audience, expiry and not-before are checked by jose; the claims by a strict schema; and
 * the account's revocations last, from memory.
 */
export class AccessTokenVerifier {
  constructor(
    private readonly signingKeys: JWTVerifyGetKey,
    private readonly expectations: AccessTokenExpectations,
    private readonly revocations: AccessRevocations,
  ) {}

  async verify(token: string): Promise<Principal> {
    const payload = await this.verifySignedToken(token);
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AccessTokenRejected('claims do not describe a principal');
    }
    if (this.revocations.isRevoked(claims.data.sub, claims.data.iat)) {
      throw new AccessTokenRejected('revoked');
    }
    return principalFromClaims(claims.data);
  }

  private async verifySignedToken(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.signingKeys, {
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.expectations.issuer,
        audience: this.expectations.audience,
        clockTolerance: this.expectations.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp', 'iat', 'nbf', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        throw new AccessTokenRejected(error.code);
      }
      if (error instanceof TypeError) {
        throw new AccessTokenRejected('malformed');
      }
      throw error;
    }
  }
}
