import { accessTokenVariables } from '@anpi/auth-guard';
import { loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const responseCollectionServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
  ...accessTokenVariables,
  /** The public https origin of the answer page; plain-http requests are redirected there. */
  ANSWER_LINK_BASE_URL: z.url({ protocol: /^https$/ }),
});

export type ResponseCollectionServiceConfig = ReturnType<typeof loadResponseCollectionServiceConfig>;

export function loadResponseCollectionServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(responseCollectionServiceConfigSchema, env);
}
