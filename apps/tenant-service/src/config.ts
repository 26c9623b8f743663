import { loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const tenantServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
});

export type TenantServiceConfig = ReturnType<typeof loadTenantServiceConfig>;

export function loadTenantServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(tenantServiceConfigSchema, env);
}
