import { createHash, randomBytes } from 'node:crypto';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

export interface OpaqueToken {
  /** What the holder gets: `<tenantId>.<secret>`. */
  value: string;
  /** What the database keeps. */
  hash: string;
}

/**
 * Refresh, activation and reset tokens. The secret is 256 random bits, so a plain SHA-256
 * is a safe hash (nothing to brute-force, unlike a password). The tenant id in front is not
 * secret: it tells which tenant's rows to open (row-level security) before the lookup.
 */
export function createOpaqueToken(tenantId: string): OpaqueToken {
  const secret = randomBytes(32).toString('base64url');
  return { value: `${tenantId}.${secret}`, hash: hashSecret(secret) };
}

export function readOpaqueToken(value: string): { tenantId: string; hash: string } | undefined {
  const [tenantId, secret, ...rest] = value.split('.');
  if (rest.length > 0 || !uuidPattern.test(tenantId ?? '') || !secretPattern.test(secret ?? '')) return undefined;
  return { tenantId: tenantId!, hash: hashSecret(secret!) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
