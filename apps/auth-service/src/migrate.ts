import 'reflect-metadata';
import { createDataSource, runMigrationsAndExit } from '@anpi/persistence';
import { loadAuthServiceConfig } from './config';
import { authServiceDatabase } from './database';

runMigrationsAndExit(createDataSource(loadAuthServiceConfig(), authServiceDatabase, 'migration'));
