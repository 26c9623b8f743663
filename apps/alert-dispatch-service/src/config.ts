import { loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const alertDispatchServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
});

export type AlertDispatchServiceConfig = ReturnType<typeof loadAlertDispatchServiceConfig>;

export function loadAlertDispatchServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(alertDispatchServiceConfigSchema, env);
}
