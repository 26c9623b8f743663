import { JmaParseError, parseJmaAtomFeed, type JmaFeedEntry } from '@anpi/jma-xml';
import { WorkLoop } from '@anpi/messaging';
import type { Logger } from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { FeedFetchError, fetchBounded } from './bounded-fetch';
import { DisasterReportIntake, IntakeOutcome } from './disaster-report-intake';
import { FeedLeadership } from './feed-leadership';

export interface JmaFeedPollerOptions {
  /** Where eqvol.xml and extra.xml live; report links must stay on this origin. */
  baseUrl: string;
  feeds: readonly string[];
  intervalMs: number;
  timeoutMs: number;
  maxFeedBytes: number;
  maxReportBytes: number;
  /** pg advisory lock id shared by every replica of this installation. */
  leaderLockKey: number;
}

// Only these report types can drive an alert; the feeds list hundreds of others (weather, volcano ...).
const WANTED_TITLES: ReadonlySet<string> = new Set(['震度速報', '震源・震度に関する情報', '津波警報・注意報・予報a', '気象特別警報・警報・注意報']);

/**
 * Polls JMA's Atom feeds every interval on the replica that holds the leadership lock:
 * If-Modified-Since per feed (304 costs nothing), and each wanted entry fetched once across
 * replicas and restarts (disaster_feed_entries). A failure is logged, counted and retried at
 * the next tick; nothing is marked done before it was handed to the intake.
 */
export class JmaFeedPoller {
  private readonly loop: WorkLoop;
  private readonly polls: Counter<'feed' | 'outcome'>;
  private readonly errors: Counter<'feed' | 'reason'>;
  private readonly lastSuccess: Gauge;
  private readonly leader: Gauge;

  constructor(
    private readonly dataSource: DataSource,
    private readonly intake: DisasterReportIntake,
    private readonly leadership: FeedLeadership,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: JmaFeedPollerOptions,
  ) {
    this.polls = new Counter({ name: 'anpi_jma_feed_polls_total', help: 'JMA feed polls, by feed and outcome (modified, not-modified, failed).', labelNames: ['feed', 'outcome'], registers: [registry] });
    this.errors = new Counter({ name: 'anpi_jma_feed_errors_total', help: 'JMA feed or report fetch failures, by feed and reason.', labelNames: ['feed', 'reason'], registers: [registry] });
    this.lastSuccess = new Gauge({
      name: 'anpi_jma_feed_last_success_timestamp_seconds',
      help: 'Unix time of the oldest "last successful poll" among the JMA feeds (read from the database, so every replica reports it).',
      registers: [registry],
    });
    this.leader = new Gauge({ name: 'anpi_jma_feed_leader', help: '1 on the replica that currently polls the JMA feeds.', registers: [registry] });
    this.loop = new WorkLoop(() => this.tick().then(() => false), {
      idlePollMs: options.intervalMs,
      maxBackoffMs: options.intervalMs,
      onFailure: (error, retryInMs) => this.logger.warn({ err: error, retryInMs }, 'JMA feed tick failed'),
    });
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.leadership.resign();
    this.leader.set(0);
  }

  /** One interval's work: poll if leader, and refresh the freshness gauge either way. */
  async tick(): Promise<void> {
    const leading = await this.leadership.ensure();
    this.leader.set(leading ? 1 : 0);
    if (leading) {
      for (const feed of this.options.feeds) await this.pollFeed(feed);
    }
    await this.refreshFreshness();
  }

  private async pollFeed(feed: string): Promise<void> {
    try {
      const outcome = await this.fetchAndProcess(feed);
      this.polls.inc({ feed, outcome });
      await this.dataSource.query(
        `INSERT INTO disaster_feed_state (feed, last_success_at) VALUES ($1, now()) ON CONFLICT (feed) DO UPDATE SET last_success_at = now()`,
        [feed],
      );
    } catch (error) {
      const reason = error instanceof FeedFetchError ? error.reason : error instanceof JmaParseError ? `feed-${error.reason}` : 'internal';
      this.polls.inc({ feed, outcome: 'failed' });
      this.errors.inc({ feed, reason });
      this.logger.warn({ feed, reason, detail: error instanceof Error ? error.message : String(error) }, 'JMA feed poll failed; retried next interval');
    }
  }

  private async fetchAndProcess(feed: string): Promise<'modified' | 'not-modified'> {
    const [state]: { last_modified: string | null }[] = await this.dataSource.query('SELECT last_modified FROM disaster_feed_state WHERE feed = $1', [feed]);
    const response = await fetchBounded(new URL(feed, this.options.baseUrl).toString(), {
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxFeedBytes,
      headers: state?.last_modified ? { 'if-modified-since': state.last_modified } : {},
    });
    if (response.status === 304) return 'not-modified';
    if (response.status !== 200) throw new FeedFetchError('http-status', `${feed} answered ${response.status}`);
    const entries = parseJmaAtomFeed(response.body, { maxBytes: this.options.maxFeedBytes }).filter((entry) => WANTED_TITLES.has(entry.title));
    const fresh = await this.notYetFetched(entries);
    // Oldest first, so the reports of one event reach the rules in JMA's order.
    for (const entry of fresh.reverse()) await this.fetchEntry(feed, entry);
    const lastModified = response.headers.get('last-modified');
    await this.dataSource.query(
      `INSERT INTO disaster_feed_state (feed, last_modified) VALUES ($1, $2) ON CONFLICT (feed) DO UPDATE SET last_modified = EXCLUDED.last_modified`,
      [feed, lastModified],
    );
    return 'modified';
  }

  private async notYetFetched(entries: JmaFeedEntry[]): Promise<JmaFeedEntry[]> {
    if (entries.length === 0) return [];
    const known: { entry_id: string }[] = await this.dataSource.query('SELECT entry_id FROM disaster_feed_entries WHERE entry_id = ANY($1::text[])', [entries.map((entry) => entry.id)]);
    const seen = new Set(known.map((row) => row.entry_id));
    return entries.filter((entry) => !seen.has(entry.id));
  }

  private async fetchEntry(feed: string, entry: JmaFeedEntry): Promise<void> {
    // A feed may only make us fetch from JMA's own server, never from wherever it points (SSRF).
    if (new URL(entry.href).origin !== new URL(this.options.baseUrl).origin) {
      await this.recordEntry(feed, entry, { outcome: 'rejected', reason: `link outside ${new URL(this.options.baseUrl).origin}` });
      this.errors.inc({ feed, reason: 'foreign-link' });
      return;
    }
    const response = await fetchBounded(entry.href, { timeoutMs: this.options.timeoutMs, maxBytes: this.options.maxReportBytes });
    if (response.status !== 200) throw new FeedFetchError('http-status', `${entry.href} answered ${response.status}`);
    await this.recordEntry(feed, entry, await this.intake.receive(response.body, 'poll'));
  }

  private async recordEntry(feed: string, entry: JmaFeedEntry, result: IntakeOutcome): Promise<void> {
    const reason = 'reason' in result ? result.reason : null;
    await this.dataSource.query(
      `INSERT INTO disaster_feed_entries (entry_id, feed, outcome, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (entry_id) DO NOTHING`,
      [entry.id, feed, result.outcome, reason],
    );
  }

  private async refreshFreshness(): Promise<void> {
    const [row]: { oldest: Date | null; feeds: number }[] = await this.dataSource.query(
      'SELECT min(last_success_at) AS oldest, count(last_success_at)::int AS feeds FROM disaster_feed_state WHERE feed = ANY($1::text[])',
      [this.options.feeds],
    );
    if (row.oldest && row.feeds === this.options.feeds.length) this.lastSuccess.set(new Date(row.oldest).getTime() / 1000);
  }
}
