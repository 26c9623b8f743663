import 'reflect-metadata';
import { loadConfig } from '@anpi/config';
import { BlindIndex, FieldCipher } from '@anpi/field-encryption';
import { createDataSource } from '@anpi/persistence';
import { loadAuthServiceConfig } from './config';
import { authServiceDatabase } from './database';
import { PasswordHasher } from './passwords/password-hasher';
import { loadCommonPasswords, PasswordPolicy } from './passwords/password-policy';
import { BootstrapOperator, operatorBootstrapVariables } from './platform-operators/bootstrap-operator';
import { PlatformOperatorStore } from './platform-operators/platform-operator-store';

/**
 * node apps/auth-service/dist/bootstrap-operator.js
 *
 * Creates the platform operator described by PLATFORM_OPERATOR_EMAIL, _DISPLAY_NAME, _PASSWORD
 * and _TOTP_SECRET (plus auth-service's own settings), or resets that operator's password and
 * TOTP secret. Prints the operator id; never a secret. Exit 78 on a bad or weak setting.
 */
async function main(): Promise<void> {
  const config = loadAuthServiceConfig();
  const bootstrap = loadConfig(operatorBootstrapVariables, process.env);
  const dataSource = createDataSource(config, { ...authServiceDatabase, applicationName: 'auth-service:bootstrap-operator' });
  await dataSource.initialize();
  try {
    const command = new BootstrapOperator(
      dataSource,
      new PlatformOperatorStore(new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID), new BlindIndex(config.PII_BLIND_INDEX_KEY)),
      new PasswordHasher({ memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM }),
      new PasswordPolicy(loadCommonPasswords()),
    );
    process.stdout.write(`${JSON.stringify(await command.execute(bootstrap))}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`operator bootstrap failed: ${message}\n`);
  process.exit(error instanceof Error && ['ConfigError', 'WeakOperatorPassword'].includes(error.name) ? 78 : 1);
});
