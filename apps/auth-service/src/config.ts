import { base64Key, loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

/** `keyId:base64Key[,keyId:base64Key…]` — every key that may still be needed to decrypt. */
const keyRing = z
  .string()
  .min(1)
  .transform((value, context) => {
    const ring = new Map<string, Buffer>();
    for (const entry of value.split(',')) {
      const [keyId, encoded] = entry.trim().split(':');
      const key = Buffer.from(encoded ?? '', 'base64');
      if (!keyId || key.length !== 32) {
        context.addIssue({ code: 'custom', message: 'each entry must be keyId:<32 bytes, base64>' });
        return z.NEVER;
      }
      ring.set(keyId, key);
    }
    return ring;
  });

export const authServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
  PII_ENCRYPTION_KEYS: keyRing,
  PII_ACTIVE_KEY_ID: z.string().min(1),
  PII_BLIND_INDEX_KEY: base64Key(32),
});

export type AuthServiceConfig = ReturnType<typeof loadAuthServiceConfig>;

export function loadAuthServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(authServiceConfigSchema, env);
}
