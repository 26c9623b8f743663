import { RetrySettings } from './channels-settings';

/**
 * The wait before retry number `attempt` (1 = after the first failure): "full jitter"
 * exponential back-off, a random delay in [0, min(max, base·2^(attempt-1))], so a thousand
 * deliveries failing together do not come back together. A provider's Retry-After is a floor;
 * when it is longer than we ever wait, we stop retrying here (undefined) and the caller
 * schedules the delivery for later instead of holding a consumer slot.
 */
export function retryDelayMs(attempt: number, retryAfterMs: number | undefined, settings: RetrySettings, random: () => number = Math.random): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > settings.maxDelayMs) return undefined;
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(retryAfterMs ?? 0, Math.floor(random() * ceiling));
}
