import { booleanFlag } from '@anpi/config';
import { z } from 'zod';

/** Settings of the JMA disaster feed (poller and push endpoint), spread into the service's config schema. */
export const disasterFeedVariables = {
  /** Off on developer machines and in tests that do not serve a feed; on in production. */
  JMA_FEED_POLL_ENABLED: booleanFlag.default(true),
  /** Folder of eqvol.xml / extra.xml; report links in the feed must be on the same origin. */
  JMA_FEED_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://www.data.jma.go.jp/developer/xml/feed/'),
  JMA_FEED_NAMES: z
    .string()
    .default('eqvol.xml,extra.xml')
    .transform((value) => value.split(',').map((name) => name.trim()))
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_.-]+\.xml$/)).min(1).max(10)),
  JMA_FEED_POLL_INTERVAL_MS: z.coerce.number().int().min(1_000).max(600_000).default(60_000),
  JMA_FEED_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
  JMA_FEED_MAX_FEED_BYTES: z.coerce.number().int().min(10_000).max(20_000_000).default(4_000_000),
  /** JMA's largest reports are a few hundred KB. */
  JMA_FEED_MAX_REPORT_BYTES: z.coerce.number().int().min(10_000).max(20_000_000).default(2_000_000),
  /** Advisory lock id shared by the replicas of one installation (change it only to run two installations on one database). */
  JMA_FEED_LEADER_LOCK_KEY: z.coerce.number().int().default(715_000_001),
  /** Reports older than this (by Head/ReportDateTime) alert nobody; 0 = no limit. */
  JMA_REPORT_MAX_AGE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(60),
  /** HMAC key a relay signs pushed reports with; unset = the push endpoint refuses everything. */
  JMA_PUSH_HMAC_KEY: z.string().min(32).optional(),
};

export interface DisasterFeedSettings {
  JMA_FEED_POLL_ENABLED: boolean;
  JMA_FEED_BASE_URL: string;
  JMA_FEED_NAMES: readonly string[];
  JMA_FEED_POLL_INTERVAL_MS: number;
  JMA_FEED_TIMEOUT_MS: number;
  JMA_FEED_MAX_FEED_BYTES: number;
  JMA_FEED_MAX_REPORT_BYTES: number;
  JMA_FEED_LEADER_LOCK_KEY: number;
  JMA_REPORT_MAX_AGE_MINUTES: number;
  JMA_PUSH_HMAC_KEY?: string;
}
