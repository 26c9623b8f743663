import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { ChannelKind, ProviderIdentity } from './channel';
import { RateLimitSettings } from './channels-settings';

/** Waits until a provider account may take one more message. Rejects when the limit cannot be checked. */
export interface ProviderRateLimiter {
  acquire(provider: ProviderIdentity): Promise<void>;
}

/** Permits taken from the shared bucket but not used within this time are dropped, so a pod cannot hoard a burst. */
const permitValidityMs = 1_000;
const shortestWaitMs = 5;

interface LocalPermits {
  key: string;
  limit: RateLimitSettings;
  remaining: number;
  validUntil: number;
  /** One database round trip at a time per provider; concurrent senders wait for it. */
  refilling?: Promise<void>;
  created?: Promise<void>;
}

/**
 * A token bucket per provider account in PostgreSQL, shared by every dispatch pod. Each pod
 * takes permits in batches with one atomic statement (the row lock orders pods), spends them
 * locally, and comes back when they run out; when the bucket is empty it sleeps for as long
 * as the bucket needs to refill one token.
 */
export class PostgresProviderRateLimiter implements ProviderRateLimiter {
  private readonly buckets = new Map<string, LocalPermits>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly limits: Partial<Record<ChannelKind, RateLimitSettings>>,
    private readonly permitBatch: number,
  ) {}

  async acquire(provider: ProviderIdentity): Promise<void> {
    const limit = this.limits[provider.channel];
    if (!limit) return;
    const bucket = this.bucketFor(`${provider.channel}|${provider.host}|${provider.account}`, limit);
    for (;;) {
      if (bucket.remaining > 0 && Date.now() < bucket.validUntil) {
        bucket.remaining -= 1;
        return;
      }
      bucket.refilling ??= this.refill(bucket).finally(() => (bucket.refilling = undefined));
      await bucket.refilling;
    }
  }

  private bucketFor(key: string, limit: RateLimitSettings): LocalPermits {
    const existing = this.buckets.get(key);
    if (existing) return existing;
    const bucket: LocalPermits = { key, limit, remaining: 0, validUntil: 0 };
    this.buckets.set(key, bucket);
    return bucket;
  }

  private async refill(bucket: LocalPermits): Promise<void> {
    bucket.created ??= this.createBucketRow(bucket).catch((error: unknown) => {
      bucket.created = undefined;
      throw error;
    });
    await bucket.created;
    const wanted = Math.max(1, Math.min(this.permitBatch, Math.floor(bucket.limit.burst)));
    const [taken] = await this.dataSource.query(takePermitsSql, [bucket.key, wanted]);
    if (!taken) {
      // The row vanished (an operator reset the table): create it again on the next try.
      bucket.created = undefined;
      return;
    }
    const granted = Number(taken.granted);
    if (!Number.isFinite(granted)) throw new Error('the rate-limit bucket gave an unreadable answer');
    if (granted > 0) {
      bucket.remaining = granted;
      bucket.validUntil = Date.now() + permitValidityMs;
      return;
    }
    const missingTokens = 1 - Number(taken.remaining);
    await sleep(Math.max(shortestWaitMs, Math.ceil((missingTokens / bucket.limit.perSecond) * 1000)));
  }

  private async createBucketRow(bucket: LocalPermits): Promise<void> {
    // Settings may change between deployments: the latest pod's limit wins, tokens are kept.
    await this.dataSource.query(
      `INSERT INTO channel_provider_rate_buckets (provider_key, capacity, refill_per_second, tokens)
       VALUES ($1, $2, $3, $2)
       ON CONFLICT (provider_key) DO UPDATE SET capacity = EXCLUDED.capacity, refill_per_second = EXCLUDED.refill_per_second
       WHERE channel_provider_rate_buckets.capacity <> EXCLUDED.capacity OR channel_provider_rate_buckets.refill_per_second <> EXCLUDED.refill_per_second`,
      [bucket.key, Math.max(1, bucket.limit.burst), bucket.limit.perSecond],
    );
  }
}

/**
 * Refill by elapsed time, grant what is there (up to $2 whole tokens), in one statement.
 * FOR UPDATE makes a concurrent pod wait and then see this pod's result (READ COMMITTED
 * re-reads the locked row), so two pods never spend the same token.
 */
const takePermitsSql = `
  WITH refilled AS (
    SELECT provider_key,
           LEAST(capacity, tokens + refill_per_second * GREATEST(0, EXTRACT(EPOCH FROM statement_timestamp() - refilled_at))) AS available
      FROM channel_provider_rate_buckets
     WHERE provider_key = $1
       FOR UPDATE
  ), granted AS (
    SELECT provider_key, available, LEAST($2::double precision, FLOOR(available)) AS granted FROM refilled
  ), taken AS (
    UPDATE channel_provider_rate_buckets bucket
       SET tokens = granted.available - granted.granted,
           refilled_at = GREATEST(bucket.refilled_at, statement_timestamp())
      FROM granted
     WHERE bucket.provider_key = granted.provider_key
    RETURNING granted.granted AS granted, granted.available - granted.granted AS remaining
  )
  -- A SELECT at the top, so the driver returns plain rows (an UPDATE returns [rows, count]).
  SELECT granted, remaining FROM taken`;
