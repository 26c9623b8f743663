import { errors, jwtVerify, JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ACCESS_TOKEN_ALGORITHMS } from './principal';

/** The services that may call each other; a service token names one as caller and one as callee. */
export const anpiServiceNames = ['tenant-service', 'auth-service', 'alert-dispatch-service', 'response-collection-service'] as const;
export type AnpiServiceName = (typeof anpiServiceNames)[number];

/** Distinct from `at+jwt`: a service token is never a person's access token, nor the reverse. */
export const SERVICE_TOKEN_TYPE = 'svc+jwt';

/** Longest life auth-service gives a service token; the verifier refuses anything older. */
export const SERVICE_TOKEN_MAX_AGE_SECONDS = 300;

const serviceTokenClaimsSchema = z.object({ sub: z.enum(anpiServiceNames), iat: z.number().int() });

export interface ServiceTokenExpectations {
  issuer: string;
  /** The service that verifies: tokens minted for another callee are refused. */
  serviceName: AnpiServiceName;
  clockToleranceSeconds?: number;
}

/** A service token that must not be honoured; the reason is for logs only. */
export class ServiceTokenRejected extends Error {
  constructor(readonly reason: string) {
    super(`service token rejected: ${reason}`);
    this.name = 'ServiceTokenRejected';
  }
}

/** Turns a service token into the name of the calling service, or refuses it. */
export class ServiceTokenVerifier {
  constructor(
    private readonly signingKeys: JWTVerifyGetKey,
    private readonly expectations: ServiceTokenExpectations,
  ) {}

  async verify(token: string): Promise<AnpiServiceName> {
    const claims = serviceTokenClaimsSchema.safeParse(await this.verifySignedToken(token));
    if (!claims.success) throw new ServiceTokenRejected('not a known calling service');
    return claims.data.sub;
  }

  private async verifySignedToken(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.signingKeys, {
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        typ: SERVICE_TOKEN_TYPE,
        issuer: this.expectations.issuer,
        audience: this.expectations.serviceName,
        clockTolerance: this.expectations.clockToleranceSeconds ?? 5,
        // Short-lived whatever the issuer wrote in `exp`: a long-lived one is refused here too.
        maxTokenAge: SERVICE_TOKEN_MAX_AGE_SECONDS,
        requiredClaims: ['exp', 'iat', 'nbf', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new ServiceTokenRejected(error.code);
      if (error instanceof TypeError) throw new ServiceTokenRejected('malformed');
      throw error;
    }
  }
}
