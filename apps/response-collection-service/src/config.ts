import { accessTokenVariables } from '@anpi/auth-guard';
import { booleanFlag, loadConfigOrExit, serviceVariables } from '@anpi/config';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const responseCollectionServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
  ...accessTokenVariables,
  /** The public https origin of the answer page; plain-http requests are redirected there. */
  ANSWER_LINK_BASE_URL: z.url({ protocol: /^https$/ }),
  /** Failed answer-link lookups allowed per client address (and per token prefix) per window. */
  ANSWER_LINK_MAX_FAILED_LOOKUPS: z.coerce.number().int().min(1).max(100_000).default(30),
  ANSWER_LINK_FAILED_LOOKUP_WINDOW_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
  /** alert-dispatch-service's internal HTTP API: where the answer page's Web Push subscriptions go. */
  DISPATCH_INTERNAL_URL: z.url({ protocol: /^https?$/ }),
  /** As dispatch's: whether a push subscription may name a plain-http push service (a local one in tests). */
  CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: booleanFlag.default(false),
  /** host:port of the internal gRPC ResponseService (never exposed by the ingress). */
  GRPC_URL: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'host:port').default('0.0.0.0:50054'),
  /** Slow clients (slow-loris): all request headers must arrive within this… */
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** …and the whole request, body included, within this. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(20_000),
});

export type ResponseCollectionServiceConfig = ReturnType<typeof loadResponseCollectionServiceConfig>;

export function loadResponseCollectionServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(responseCollectionServiceConfigSchema, env);
}
