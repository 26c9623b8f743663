import 'reflect-metadata';
import { DataKeyWrapper, TenantBlindIndex } from '@anpi/field-encryption';
import { createDataSource } from '@anpi/persistence';
import { parseArgs } from 'node:util';
import { ContactVault } from './contact-encryption/contact-vault';
import { loadTenantServiceConfig } from './config';
import { tenantServiceDatabase } from './database';
import { KeyRotation } from './key-rotation/key-rotation';

const usage = `usage: node apps/tenant-service/dist/rotate-keys.js [--new-data-keys] [--reencrypt] [--batch-size=500] [--tenant=<uuid> …]
  Re-wraps every tenant's data keys under DIRECTORY_ACTIVE_MASTER_KEY_ID (always);
  --new-data-keys starts a new data key per tenant; --reencrypt moves rows onto the active data key.
  Safe to run while the service runs, and to run again.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'new-data-keys': { type: 'boolean', default: false },
      reencrypt: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '500' },
      tenant: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  const batchSize = Number(values['batch-size']);
  if (values.help || !Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    process.stdout.write(`${usage}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadTenantServiceConfig();
  const dataSource = createDataSource(config, { ...tenantServiceDatabase, applicationName: 'tenant-service:rotate-keys' });
  await dataSource.initialize();
  try {
    const rotation = new KeyRotation(
      dataSource,
      new DataKeyWrapper(config.DIRECTORY_MASTER_KEYS, config.DIRECTORY_ACTIVE_MASTER_KEY_ID),
      new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY)),
    );
    const report = await rotation.run({ newDataKeys: values['new-data-keys'], reencrypt: values.reencrypt, batchSize, tenantIds: values.tenant });
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`key rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
