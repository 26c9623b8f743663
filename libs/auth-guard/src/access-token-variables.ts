import { z } from 'zod';

/**
 * The settings a service adds to its config schema to verify access tokens; pass them to
 * `AuthGuardModule.forRoot({ jwksUrl: AUTH_JWKS_URL, issuer: AUTH_TOKEN_ISSUER, audience: AUTH_TOKEN_AUDIENCE })`.
 */
export const accessTokenVariables = {
  AUTH_JWKS_URL: z.url({ protocol: /^https?$/ }),
  AUTH_TOKEN_ISSUER: z.string().min(1),
  AUTH_TOKEN_AUDIENCE: z.string().min(1).default('anpi'),
};
