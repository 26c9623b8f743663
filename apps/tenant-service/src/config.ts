import { accessTokenVariables } from '@anpi/auth-guard';
import { base64Key, keyRing, loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const tenantServiceConfigSchema = z
  .object({
    ...serviceVariables,
    ...databaseVariables,
    ...accessTokenVariables,
    /** Audience of platform operators' tokens (auth-service mints them): only the /v1/platform routes accept them. */
    PLATFORM_TOKEN_AUDIENCE: z.string().min(1).default('anpi-platform'),
    /** Master keys that wrap the per-tenant data keys (a Kubernetes Secret). */
    DIRECTORY_MASTER_KEYS: keyRing,
    DIRECTORY_ACTIVE_MASTER_KEY_ID: z.string().min(1),
    /** Root of the per-tenant blind-index keys (exact-match lookup by e-mail or phone). */
    DIRECTORY_BLIND_INDEX_KEY: base64Key(32),
    /** Seals contact data inside directory events; dispatch holds the same ring. */
    DIRECTORY_EVENT_KEYS: keyRing,
    DIRECTORY_EVENT_ACTIVE_KEY_ID: z.string().min(1),
    /** host:port of the internal gRPC DirectoryService (never exposed by the ingress). */
    GRPC_URL: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'host:port').default('0.0.0.0:50051'),
    DIRECTORY_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
    /** Days between disabling an employee and erasing their personal data (off-boarding). */
    EMPLOYEE_PURGE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How often each pod looks for employees due to be purged. */
    EMPLOYEE_PURGE_INTERVAL_MS: z.coerce.number().int().min(1000).max(86_400_000).default(300_000),
  })
  .refine((config) => config.DIRECTORY_MASTER_KEYS.has(config.DIRECTORY_ACTIVE_MASTER_KEY_ID), {
    path: ['DIRECTORY_ACTIVE_MASTER_KEY_ID'],
    message: 'must name a key of DIRECTORY_MASTER_KEYS',
  })
  .refine((config) => config.DIRECTORY_EVENT_KEYS.has(config.DIRECTORY_EVENT_ACTIVE_KEY_ID), {
    path: ['DIRECTORY_EVENT_ACTIVE_KEY_ID'],
    message: 'must name a key of DIRECTORY_EVENT_KEYS',
  });

export type TenantServiceConfig = ReturnType<typeof loadTenantServiceConfig>;

export function loadTenantServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(tenantServiceConfigSchema, env);
}
