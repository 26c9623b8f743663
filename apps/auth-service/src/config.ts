import { SERVICE_TOKEN_MAX_AGE_SECONDS } from '@anpi/auth-guard';
import { loadConfigOrExit, personalDataKeyVariables, serviceVariables, smtpVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';
import { signingKeySet } from './tokens/signing-key-ring';

const seconds = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * OWASP's minimum for argon2id is m=19456 KiB, t=2, p=1; lower values are refused so a typo
 * cannot weaken every new hash. Raising them re-hashes each password at its next login.
 */
const argon2Variables = {
  ARGON2_MEMORY_KIB: z.coerce.number().int().min(19_456).max(1_048_576).default(19_456),
  ARGON2_TIME_COST: z.coerce.number().int().min(2).max(20).default(2),
  ARGON2_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
};

const tokenVariables = {
  /** base64 of a JWK set: the private keys that may sign plus older public keys still published. */
  AUTH_SIGNING_KEYS: signingKeySet,
  AUTH_ACTIVE_SIGNING_KEY_ID: z.string().min(1),
  AUTH_TOKEN_ISSUER: z.string().min(1),
  AUTH_TOKEN_AUDIENCE: z.string().min(1).default('anpi'),
  /** Audience of platform operators' tokens; must differ from AUTH_TOKEN_AUDIENCE so no tenant route accepts one. */
  PLATFORM_TOKEN_AUDIENCE: z.string().min(1).default('anpi-platform'),
  ACCESS_TOKEN_TTL_SECONDS: seconds(60, 900).default(900),
  REFRESH_TOKEN_TTL_SECONDS: seconds(3_600, 90 * 86_400).default(30 * 86_400),
  /** Life of a service-to-service token; guards refuse any older than five minutes anyway. */
  SERVICE_TOKEN_TTL_SECONDS: seconds(30, SERVICE_TOKEN_MAX_AGE_SECONDS).default(SERVICE_TOKEN_MAX_AGE_SECONDS),
};

const mailVariables = {
  ...smtpVariables,
  /** Where the links in e-mails point (the web console). */
  CONSOLE_BASE_URL: z.url({ protocol: /^https?$/ }),
  ACTIVATION_TOKEN_TTL_SECONDS: seconds(600, 14 * 86_400).default(72 * 3_600),
  PASSWORD_RESET_TOKEN_TTL_SECONDS: seconds(300, 3_600).default(1_800),
};

const abuseVariables = {
  LOGIN_ACCOUNT_FAILURES_BEFORE_LOCK: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_IP_FAILURES_BEFORE_LOCK: z.coerce.number().int().min(1).max(10_000).default(50),
  /** First lock duration; each further failure doubles it, up to the maximum. */
  LOGIN_LOCK_BASE_SECONDS: seconds(1, 3_600).default(5),
  LOGIN_LOCK_MAX_SECONDS: seconds(1, 86_400).default(900),
};

const offboardingVariables = {
  ACCOUNT_DELETION_GRACE_DAYS: z.coerce.number().min(0).max(365).default(30),
  ACCOUNT_DELETION_INTERVAL_SECONDS: seconds(1, 86_400).default(3_600),
};

export const authServiceConfigSchema = z
  .object({
    ...serviceVariables,
    ...databaseVariables,
    ...personalDataKeyVariables,
    ...argon2Variables,
    ...tokenVariables,
    ...mailVariables,
    ...abuseVariables,
    ...offboardingVariables,
  })
  .refine((config) => config.PLATFORM_TOKEN_AUDIENCE !== config.AUTH_TOKEN_AUDIENCE, {
    path: ['PLATFORM_TOKEN_AUDIENCE'],
    message: 'must differ from AUTH_TOKEN_AUDIENCE',
  });

export type AuthServiceConfig = ReturnType<typeof loadAuthServiceConfig>;

export function loadAuthServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(authServiceConfigSchema, env);
}
