import { z } from 'zod';

/**
 * auth.access-revoked v1 — access tokens of one account issued up to `validAfter` must no
 * longer be accepted (account disabled or deleted, role changed, "log out everywhere").
 * Every service's guard keeps these in memory for the lifetime of an access token.
 */
export const accessRevokedV1Schema = z
  .object({
    tenantId: z.uuid(),
    accountId: z.uuid(),
    validAfter: z.iso.datetime({ offset: true }),
    reason: z.enum(['account_disabled', 'account_deleted', 'role_changed', 'signed_out_everywhere', 'password_changed']),
  })
  .strict();

export type AccessRevokedV1 = z.infer<typeof accessRevokedV1Schema>;
