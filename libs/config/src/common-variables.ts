import { parseKeyRing } from './key-ring';
import { z } from 'zod';
import { mailSender } from './mail-sender';

/** Building blocks the services compose into their own config schema. */
export const port = z.coerce.number().int().min(0).max(65535);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const brokerList = z
  .string()
  .min(1)
  .transform((value) => value.split(',').map((broker) => broker.trim()))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be host:port[,host:port]')).min(1));

export const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A secret given as base64 that must decode to exactly `bytes` bytes. */
export function base64Key(bytes: number) {
  return z
    .string()
    .transform((value) => Buffer.from(value, 'base64'))
    .refine((key) => key.length === bytes, `must be ${bytes} bytes, base64-encoded`);
}

/** The variables every service reads; each service adds its own. */
export const serviceVariables = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port,
  LOG_LEVEL: logLevel,
  KAFKA_BROKERS: brokerList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Consumer group (default: the service's name). Tests on a shared broker use their own. */
  KAFKA_CONSUMER_GROUP: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'lower-case letters, digits, . _ -').optional(),
  PGHOST: z.string().min(1),
  PGPORT: port.default(5432),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(15_000),
  /** Bearer token for service-to-service internal HTTP calls until auth-service issues service tokens. */
  INTERNAL_API_TOKEN: z.string().min(32, 'must be at least 32 characters'),
};

/** `keyId:base64Key[,keyId:base64Key…]` — every key that may still be needed to decrypt. */
export const keyRing = z
  .string()
  .min(1)
  .transform((value, context) => {
    try {
      return parseKeyRing(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

/** Personal-data encryption keys, read by every service that stores contact data. */
export const personalDataKeyVariables = {
  PII_ENCRYPTION_KEYS: keyRing,
  PII_ACTIVE_KEY_ID: z.string().min(1),
  PII_BLIND_INDEX_KEY: base64Key(32),
};

/** The installation's outgoing mail server (auth mails; dispatch e-mail until tenants set their own). */
export const smtpVariables = {
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: port.default(587),
  /** true: TLS from the first byte (port 465); false: STARTTLS when the server offers it. */
  SMTP_SECURE: booleanFlag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  /** Exactly one address, with or without a name: checked at start, not at the first send. */
  MAIL_FROM: mailSender.default('Anpi <no-reply@anpi.example>'),
};
