import { Algorithm } from 'jsonwebtoken';
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, errors, JSONWebKeySet, JWTVerifyGetKey } from 'jose';
import { KeyObject } from 'node:crypto';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
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
 * Turns a bearer token into a Principal, or refuses it — through passport-jwt (the project's
 * chosen verifier): the key comes from auth-service's cached JWKS by `kid` (after the header's
 * type and algorithm are checked), jsonwebtoken checks signature, algorithm, issuer, audience,
 * expiry and not-before; then the claims by a strict schema, and the account's revocations
 * last, from memory.
 */
export class AccessTokenVerifier {
  private readonly strategy: JwtStrategy;

  constructor(
    private readonly signingKeys: JWTVerifyGetKey,
    expectations: AccessTokenExpectations,
    private readonly revocations: AccessRevocations,
  ) {
    this.strategy = new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: Error | null, key?: string) => void) => {
          this.keyFor(rawToken).then(
            (key) => done(null, key.export({ type: 'spki', format: 'pem' }).toString()),
            (error: Error) => done(error),
          );
        },
        algorithms: [...ACCESS_TOKEN_ALGORITHMS] as Algorithm[],
        issuer: expectations.issuer,
        audience: expectations.audience,
        jsonWebTokenOptions: { clockTolerance: expectations.clockToleranceSeconds ?? 5 },
      },
      (payload: unknown, done: (error: Error | null, principal?: Principal | false, reason?: string) => void) => {
        try {
          done(null, this.principalOf(payload));
        } catch (error) {
          done(null, false, (error as Error).message);
        }
      },
    );
  }

  verify(token: string): Promise<Principal> {
    return new Promise((resolve, reject) => {
      // passport's contract: the strategy reports through success/fail/error on its own object.
      const attempt = Object.create(this.strategy) as JwtStrategy & {
        success: (principal: Principal) => void;
        fail: (challenge?: unknown) => void;
        error: (error: Error) => void;
      };
      attempt.success = (principal) => resolve(principal);
      attempt.fail = (challenge) => reject(challenge instanceof AccessTokenRejected ? challenge : new AccessTokenRejected(reasonOf(challenge)));
      attempt.error = (error) => reject(error);
      attempt.authenticate({ headers: { authorization: `Bearer ${token}` } } as never);
    });
  }

  /** The header must say what an access token says before any key is looked up. */
  private async keyFor(rawToken: string): Promise<KeyObject> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(rawToken);
    } catch {
      throw new AccessTokenRejected('malformed');
    }
    if (header.typ !== ACCESS_TOKEN_TYPE) throw new AccessTokenRejected('not an access token');
    if (!header.alg || !ACCESS_TOKEN_ALGORITHMS.includes(header.alg)) throw new AccessTokenRejected('algorithm not allowed');
    try {
      return (await this.signingKeys(header as Parameters<JWTVerifyGetKey>[0], { payload: '', signature: '' })) as KeyObject;
    } catch (error) {
      throw new AccessTokenRejected(error instanceof errors.JOSEError ? error.code : 'no key');
    }
  }

  private principalOf(payload: unknown): Principal {
    const registered = payload as { exp?: unknown; nbf?: unknown };
    if (typeof registered.exp !== 'number' || typeof registered.nbf !== 'number') {
      throw new AccessTokenRejected('exp and nbf are required');
    }
    const claims = accessTokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new AccessTokenRejected('claims do not describe a principal');
    }
    if (this.revocations.isRevoked(claims.data.sub, claims.data.iat)) {
      throw new AccessTokenRejected('revoked');
    }
    return principalFromClaims(claims.data);
  }
}

function reasonOf(challenge: unknown): string {
  return challenge instanceof Error ? `${challenge.name}: ${challenge.message}` : typeof challenge === 'string' ? challenge : 'rejected';
}
