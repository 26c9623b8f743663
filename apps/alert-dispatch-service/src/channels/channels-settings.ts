import { booleanFlag, loadConfig } from '@anpi/config';
import { z } from 'zod';
import { CHANNEL_KINDS, ChannelKind } from './channel';

export interface RetrySettings {
  /** Attempts per channel per send, the first included; only transient failures are retried. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CircuitBreakerSettings {
  /** Share of failed calls in the rolling window that opens the circuit. */
  errorThresholdPercentage: number;
  /** Calls in the window before the share counts (a single failure never opens it). */
  volumeThreshold: number;
  /** How long the circuit stays open before one trial call (half-open). */
  resetTimeoutMs: number;
  rollingWindowMs: number;
}

export interface RateLimitSettings {
  /** Sustained sends per second per provider account, across every dispatch pod. */
  perSecond: number;
  /** Sends allowed at once after a quiet period. */
  burst: number;
}

/** How the service's channels behave; the same for every tenant (credentials are per tenant). */
export interface ChannelsSettings {
  timeoutMs: Record<ChannelKind, number>;
  retry: RetrySettings;
  circuitBreaker: CircuitBreakerSettings;
  /** Channels without an entry are not rate limited by us (the provider still may be). */
  rateLimits: Partial<Record<ChannelKind, RateLimitSettings>>;
  /** Permits taken from PostgreSQL in one statement: fewer round trips vs. fairness between pods. */
  rateLimitPermitBatch: number;
  email: { maxConnections: number; maxMessages: number };
  sms: { maxSegments: number };
  /** Only for local tests: allow http:// provider URLs and push endpoints. */
  allowPlainHttpProviders: boolean;
}

const positiveInteger = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `sms:20/40,line:500/1000` → per channel `perSecond/burst` (burst defaults to perSecond). */
const rateLimitList = z
  .string()
  .default('')
  .transform((value, context) => {
    const limits: Partial<Record<ChannelKind, RateLimitSettings>> = {};
    for (const entry of value.split(',').filter((part) => part.trim() !== '')) {
      const match = /^\s*([a-z-]+):(\d+(?:\.\d+)?)(?:\/(\d+))?\s*$/.exec(entry);
      const channel = match?.[1] as ChannelKind | undefined;
      if (!match || !channel || !CHANNEL_KINDS.includes(channel)) {
        context.addIssue({ code: 'custom', message: `"${entry}" is not <${CHANNEL_KINDS.join('|')}>:<perSecond>[/<burst>]` });
        return z.NEVER;
      }
      const perSecond = Number(match[2]);
      limits[channel] = { perSecond, burst: match[3] ? Number(match[3]) : Math.max(1, Math.ceil(perSecond)) };
    }
    return limits;
  });

/** Environment variables of the channels, to spread into the service's config schema. */
export const channelsVariables = {
  CHANNEL_EMAIL_TIMEOUT_MS: positiveInteger(15_000),
  CHANNEL_WEB_PUSH_TIMEOUT_MS: positiveInteger(10_000),
  CHANNEL_SMS_TIMEOUT_MS: positiveInteger(10_000),
  CHANNEL_LINE_TIMEOUT_MS: positiveInteger(10_000),
  CHANNEL_WEBHOOK_TIMEOUT_MS: positiveInteger(5_000),
  CHANNEL_RETRY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  CHANNEL_RETRY_BASE_DELAY_MS: positiveInteger(200),
  CHANNEL_RETRY_MAX_DELAY_MS: positiveInteger(5_000),
  CHANNEL_BREAKER_ERROR_PERCENT: z.coerce.number().int().min(1).max(100).default(50),
  CHANNEL_BREAKER_VOLUME_THRESHOLD: positiveInteger(20),
  CHANNEL_BREAKER_RESET_MS: positiveInteger(15_000),
  CHANNEL_BREAKER_WINDOW_MS: positiveInteger(10_000),
  CHANNEL_RATE_LIMITS: rateLimitList,
  CHANNEL_RATE_LIMIT_PERMIT_BATCH: positiveInteger(20),
  SMTP_POOL_MAX_CONNECTIONS: positiveInteger(5),
  SMTP_POOL_MAX_MESSAGES: positiveInteger(100),
  SMS_MAX_SEGMENTS: z.coerce.number().int().min(1).max(10).default(3),
  CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: booleanFlag.default(false),
};

const channelsVariablesSchema = z.object(channelsVariables);
export type ChannelsVariables = z.infer<typeof channelsVariablesSchema>;

export function channelsSettingsFromConfig(config: ChannelsVariables): ChannelsSettings {
  return {
    timeoutMs: {
      email: config.CHANNEL_EMAIL_TIMEOUT_MS,
      'web-push': config.CHANNEL_WEB_PUSH_TIMEOUT_MS,
      sms: config.CHANNEL_SMS_TIMEOUT_MS,
      line: config.CHANNEL_LINE_TIMEOUT_MS,
      webhook: config.CHANNEL_WEBHOOK_TIMEOUT_MS,
    },
    retry: { maxAttempts: config.CHANNEL_RETRY_MAX_ATTEMPTS, baseDelayMs: config.CHANNEL_RETRY_BASE_DELAY_MS, maxDelayMs: config.CHANNEL_RETRY_MAX_DELAY_MS },
    circuitBreaker: {
      errorThresholdPercentage: config.CHANNEL_BREAKER_ERROR_PERCENT,
      volumeThreshold: config.CHANNEL_BREAKER_VOLUME_THRESHOLD,
      resetTimeoutMs: config.CHANNEL_BREAKER_RESET_MS,
      rollingWindowMs: config.CHANNEL_BREAKER_WINDOW_MS,
    },
    rateLimits: config.CHANNEL_RATE_LIMITS,
    rateLimitPermitBatch: config.CHANNEL_RATE_LIMIT_PERMIT_BATCH,
    email: { maxConnections: config.SMTP_POOL_MAX_CONNECTIONS, maxMessages: config.SMTP_POOL_MAX_MESSAGES },
    sms: { maxSegments: config.SMS_MAX_SEGMENTS },
    allowPlainHttpProviders: config.CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS,
  };
}

/** Channel variables alone, through the one config loader (tests and benchmarks; the service spreads `channelsVariables` into its schema). */
export function channelsSettingsFromEnvironment(env: Record<string, string | undefined>): ChannelsSettings {
  return channelsSettingsFromConfig(loadConfig(channelsVariablesSchema, env));
}
