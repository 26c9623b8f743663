import 'reflect-metadata';
import { createDataSource, runMigrationsAndExit } from '@anpi/persistence';
import { loadTenantServiceConfig } from './config';
import { tenantServiceDatabase } from './database';

runMigrationsAndExit(createDataSource(loadTenantServiceConfig(), tenantServiceDatabase, 'migration'));
