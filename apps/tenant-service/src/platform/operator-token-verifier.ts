import { ACCESS_TOKEN_ALGORITHMS, ACCESS_TOKEN_TYPE } from '@anpi/auth-guard';
import { errors, jwtVerify, JWTVerifyGetKey } from 'jose';
import { z } from 'zod';

/** The `role` auth-service puts in a platform operator's token (which carries no tenant). */
export const PLATFORM_OPERATOR_ROLE = 'platform_operator';

/** Longest life auth-service gives an operator token (ACCESS_TOKEN_TTL_SECONDS ≤ 900); older ones are refused here too. */
const OPERATOR_TOKEN_MAX_AGE_SECONDS = 900;

const operatorClaimsSchema = z.object({ sub: z.uuid(), role: z.literal(PLATFORM_OPERATOR_ROLE), iat: z.number().int() });

export interface OperatorTokenExpectations {
  issuer: string;
  /** PLATFORM_TOKEN_AUDIENCE: never the tenants' audience, so neither kind of token passes for the other. */
  audience: string;
  clockToleranceSeconds?: number;
}

/** An operator token that must not be honoured; the reason is for logs only. */
export class OperatorTokenRejected extends Error {
  constructor(readonly reason: string) {
    super(`operator token rejected: ${reason}`);
    this.name = 'OperatorTokenRejected';
  }
}

/** Turns a platform operator's bearer token into the operator's id, or refuses it. */
export class OperatorTokenVerifier {
  constructor(
    private readonly signingKeys: JWTVerifyGetKey,
    private readonly expectations: OperatorTokenExpectations,
  ) {}

  async verify(token: string): Promise<string> {
    const claims = operatorClaimsSchema.safeParse(await this.verifySignedToken(token));
    if (!claims.success) throw new OperatorTokenRejected('not a platform operator');
    return claims.data.sub;
  }

  private async verifySignedToken(token: string) {
    try {
      const { payload } = await jwtVerify(token, this.signingKeys, {
        algorithms: ACCESS_TOKEN_ALGORITHMS,
        typ: ACCESS_TOKEN_TYPE,
        issuer: this.expectations.issuer,
        audience: this.expectations.audience,
        clockTolerance: this.expectations.clockToleranceSeconds ?? 5,
        maxTokenAge: OPERATOR_TOKEN_MAX_AGE_SECONDS,
        requiredClaims: ['exp', 'iat', 'nbf', 'sub'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JOSEError) throw new OperatorTokenRejected(error.code);
      if (error instanceof TypeError) throw new OperatorTokenRejected('malformed');
      throw error;
    }
  }
}
