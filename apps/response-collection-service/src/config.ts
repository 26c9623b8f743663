import { loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const responseCollectionServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
});

export type ResponseCollectionServiceConfig = ReturnType<typeof loadResponseCollectionServiceConfig>;

export function loadResponseCollectionServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(responseCollectionServiceConfigSchema, env);
}
