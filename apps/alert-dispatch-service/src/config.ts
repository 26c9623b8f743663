import { accessTokenVariables, anpiServiceNames } from '@anpi/auth-guard';
import { base64Key, keyRing, loadConfigOrExit, serviceVariables, smtpVariables } from '@anpi/config';
import { channelsVariables } from './channels/channels-settings';
import { disasterFeedVariables } from './disaster-feed/disaster-feed-settings';
import { databaseVariables } from '@anpi/persistence';
import { z } from 'zod';

export const alertDispatchServiceConfigSchema = z.object({
  ...serviceVariables,
  ...databaseVariables,
  ...accessTokenVariables,
  ...smtpVariables,
  ...channelsVariables,
  ...disasterFeedVariables,
  /** Messages one pod sends at once (bounds duplicates after a crash, too). */
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(50),
  /** A delivery still `sending` after this was being sent by a pod that died; it is sent again. */
  DELIVERY_STALE_SENDING_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /** Derives every answer-link token (HMAC); rotating it invalidates links of open alerts. */
  ANSWER_TOKEN_KEY: base64Key(32),
  ANSWER_LINK_BASE_URL: z.url({ protocol: /^https$/ }),
  /** Only for tenants that allow plain-http links (feature phones); unset = never. */
  ANSWER_LINK_PLAIN_HTTP_BASE_URL: z.url({ protocol: /^http$/ }).optional(),
  ANSWER_LINK_GRACE_HOURS: z.coerce.number().int().min(0).max(168).default(24),
  /** Opens the contacts sealed in directory events (shared with tenant-service only). */
  DIRECTORY_EVENT_KEYS: keyRing,
  DIRECTORY_EVENT_ACTIVE_KEY_ID: z.string().min(1),
  /** How often each pod looks for re-send rounds and closings that are due. */
  ALERT_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(200).max(300_000).default(15_000),
  FAN_OUT_PAGE_SIZE: z.coerce.number().int().min(10).max(1000).default(1000),
  /** Fan-out pages this pod writes at once, from different slices of large alerts (one connection each). */
  FAN_OUT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** host:port of the internal gRPC AlertService (never exposed by the ingress). */
  GRPC_URL: z.string().regex(/^[^:\s]+:\d{1,5}$/, 'host:port').default('0.0.0.0:50053'),
  /** Anpi services whose service tokens may create alerts over gRPC (comma-separated). */
  ALERT_GRPC_CALLERS: z
    .string()
    .default('tenant-service,response-collection-service')
    .transform((value) => value.split(',').map((name) => name.trim()).filter((name) => name !== ''))
    .pipe(z.array(z.enum(anpiServiceNames))),
  /** Each alert's `alert.progress` goes out at most this often while its deliveries move. */
  ALERT_PROGRESS_INTERVAL_MS: z.coerce.number().int().min(500).max(300_000).default(5_000),
  /** Seal the tenants' own channel credentials at rest (a Kubernetes Secret). */
  CHANNEL_SETTINGS_KEYS: keyRing,
  CHANNEL_SETTINGS_ACTIVE_KEY_ID: z.string().min(1),
});

export type AlertDispatchServiceConfig = ReturnType<typeof loadAlertDispatchServiceConfig>;

export function loadAlertDispatchServiceConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfigOrExit(alertDispatchServiceConfigSchema, env);
}
