import 'reflect-metadata';
import { createDataSource, runMigrationsAndExit } from '@anpi/persistence';
import { loadAlertDispatchServiceConfig } from './config';
import { alertDispatchServiceDatabase } from './database';

runMigrationsAndExit(createDataSource(loadAlertDispatchServiceConfig(), alertDispatchServiceDatabase, 'migration'));
