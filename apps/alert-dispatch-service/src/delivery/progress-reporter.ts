import { AlertProgressV1 } from '@anpi/contracts';
import { appendToOutbox, WorkLoop } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { measureAlertProgress } from './alert-progress';

/** Longer than any transaction that records sends (a chunk of DELIVERY_CONCURRENCY sends). */
const lateCommitMarginMs = 60_000;

/**
 * Counting an alert's deliveries reads all of them (1.2–1.7 s at 1,000,000 here). An alert is counted
 * again only after this many times what its last count took (or the interval, if longer), so
 * progress never takes more than a tenth of one connection's time, however large the alert.
 */
const countCostShare = 10;

interface ScheduledAlert {
  alert_id: string;
  tenant_id: string;
  progress_reported_at: Date | null;
  progress_fingerprint: string | null;
}

/**
 * Publishes `alert.progress` for open alerts whose deliveries moved, at most once per
 * `intervalMs` per alert however many pods send (the alert's schedule row is claimed with
 * SKIP LOCKED and remembers when it was last reported and when it is due again). An alert whose
 * counts did not change is not reported again, so a quiet open alert costs one indexed look-up
 * per interval; a very large one is counted less often (`countCostShare`).
 */
export class ProgressReporter {
  private readonly loop: WorkLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly afterCommit: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.loop = new WorkLoop(async () => (await this.reportDue()) > 0, {
      idlePollMs: Math.min(intervalMs, 1_000),
      maxBackoffMs: intervalMs,
      onFailure: (error, retryInMs) => this.logger.warn({ err: error, retryInMs }, 'alert progress pass failed; retried'),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; returns how many progress events it wrote. */
  async reportDue(): Promise<number> {
    const now = this.clock();
    const reported = await this.dataSource.transaction(async (manager) => {
      const due: ScheduledAlert[] = await manager.query(
        `SELECT alert_id, tenant_id, progress_reported_at, progress_fingerprint FROM alert_schedule
         WHERE progress_due_at IS NULL OR progress_due_at <= $1
         ORDER BY progress_due_at NULLS FIRST LIMIT 50 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      let written = 0;
      for (const alert of due) {
        await bindTenant(manager, alert.tenant_id);
        if (await this.report(manager, alert, now)) written += 1;
      }
      return written;
    });
    if (reported > 0) this.afterCommit();
    return reported;
  }

  private async report(manager: EntityManager, alert: ScheduledAlert, now: Date): Promise<boolean> {
    const moved = alert.progress_reported_at === null || (await this.deliveriesMovedSince(manager, alert.alert_id, alert.progress_reported_at));
    const countingStarted = this.monotonicMs();
    const progress = moved ? await measureAlertProgress(manager, alert.alert_id, now) : undefined;
    const countedMs = moved ? this.monotonicMs() - countingStarted : 0;
    const dueAt = new Date(now.getTime() + Math.max(this.intervalMs, countedMs * countCostShare));
    const fingerprint = progress ? fingerprintOf(progress) : alert.progress_fingerprint;
    const changed = progress !== undefined && fingerprint !== alert.progress_fingerprint;
    if (changed) {
      await appendToOutbox(manager, [{ type: 'alert.progress', version: 1, tenantId: alert.tenant_id, key: alert.alert_id, payload: progress }]);
    }
    await manager.query('UPDATE alert_schedule SET progress_reported_at = $2, progress_fingerprint = $3, progress_due_at = $4 WHERE alert_id = $1', [
      alert.alert_id,
      now,
      fingerprint,
      dueAt,
    ]);
    return changed;
  }

  /**
   * With a margin: a send recorded by a transaction that started before the last report but
   * committed after it carries an older `updated_at`; the fingerprint drops the repeat.
   */
  private async deliveriesMovedSince(manager: EntityManager, alertId: string, since: Date): Promise<boolean> {
    const [row]: { moved: boolean }[] = await manager.query('SELECT EXISTS (SELECT 1 FROM deliveries WHERE alert_id = $1 AND updated_at > $2) AS moved', [
      alertId,
      new Date(new Date(since).getTime() - lateCommitMarginMs),
    ]);
    return row.moved;
  }
}

/** The counts without the time of measuring: equal counts, equal fingerprint. */
function fingerprintOf(progress: AlertProgressV1): string {
  return createHash('sha256').update(JSON.stringify({ ...progress, measuredAt: null })).digest('base64url');
}
