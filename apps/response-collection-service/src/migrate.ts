import 'reflect-metadata';
import { createDataSource, runMigrationsAndExit } from '@anpi/persistence';
import { loadResponseCollectionServiceConfig } from './config';
import { responseCollectionServiceDatabase } from './database';

runMigrationsAndExit(createDataSource(loadResponseCollectionServiceConfig(), responseCollectionServiceDatabase, 'migration'));
