import { z } from 'zod';

export const principalRoles = ['owner', 'admin', 'department_admin', 'member'] as const;
export type PrincipalRole = (typeof principalRoles)[number];

/** Who is calling, as stated by a verified access token. */
export interface Principal {
  tenantId: string;
  userId: string;
  role: PrincipalRole;
  /** The roots of a department admin's scope; empty for every other role. */
  departmentIds: string[];
  /**
   * The person in the company's directory this account belongs to, when an owner or admin has
   * linked them: whose safety check the account answers for itself. Absent when not linked.
   */
  employeeId?: string;
}

/** RFC 9068 media type of an access token: a refresh token or an ID token is not one. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

/** The algorithms auth-service signs with. Anything else (none, HS256 …) is refused up front. */
export const ACCESS_TOKEN_ALGORITHMS = ['ES256'];

/**
 * The claims auth-service puts in an access token besides the registered ones
 * (iss, aud, sub, iat, nbf, exp, jti): `tid` tenant, `role`, `dep` department scope, and `emp`
 * the directory person the account is linked to (only when it is: an opaque id, no PII).
 */
export const accessTokenClaimsSchema = z.object({
  sub: z.uuid(),
  tid: z.uuid(),
  role: z.enum(principalRoles),
  dep: z.array(z.uuid()).max(1_000),
  iat: z.number().int(),
  emp: z.uuid().optional(),
});

export function principalFromClaims(claims: z.infer<typeof accessTokenClaimsSchema>): Principal {
  const principal: Principal = { tenantId: claims.tid, userId: claims.sub, role: claims.role, departmentIds: claims.role === 'department_admin' ? claims.dep : [] };
  return claims.emp ? { ...principal, employeeId: claims.emp } : principal;
}
