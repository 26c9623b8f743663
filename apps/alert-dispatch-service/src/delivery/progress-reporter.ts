import { AlertProgressV1 } from '@anpi/contracts';
import { appendToOutbox, duePassLoop, WorkLoop } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { measureAlertProgress } from './alert-progress';

/**
 * An alert is measured again only after this many times what its last measurement took (or the
 * interval, if longer), so progress never takes more than a tenth of one connection's time. Since
 * the counts are kept as deliveries change (`delivery_counts`) a measurement reads a few dozen
 * rows and the interval is what applies; this bounds the cost should that ever change (when the
 * count read every delivery, 1.2–1.7 s at 1,000,000, it spaced reports to ~15 s).
 */
const countCostShare = 10;

interface ScheduledAlert {
  alert_id: string;
  tenant_id: string;
  progress_fingerprint: string | null;
}

/**
 * Publishes `alert.progress` for open alerts whose counts changed, at most once per
 * `intervalMs` per alert however many pods send (the alert's schedule row is claimed with
 * SKIP LOCKED and remembers when it was last reported, what, and when it is due again). An alert
 * whose counts did not change is not reported again, so a quiet open alert costs a read of its
 * counter rows per interval, whatever its size.
 */
export class ProgressReporter {
  private readonly loop: WorkLoop;

  constructor(
    private readonly dataSource: DataSource,
    logger: Logger,
    private readonly intervalMs: number,
    private readonly afterCommit: () => void = () => undefined,
    private readonly clock: () => Date = () => new Date(),
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.loop = duePassLoop(() => this.reportDue(), { intervalMs, idlePollMs: Math.min(intervalMs, 1_000), logger, what: 'alert progress pass' });
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
        `SELECT alert_id, tenant_id, progress_fingerprint FROM alert_schedule
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
    const countingStarted = this.monotonicMs();
    const progress = await measureAlertProgress(manager, alert.alert_id, now);
    const countedMs = this.monotonicMs() - countingStarted;
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
}

/** The counts without the time of measuring: equal counts, equal fingerprint. */
function fingerprintOf(progress: AlertProgressV1): string {
  return createHash('sha256').update(JSON.stringify({ ...progress, measuredAt: null })).digest('base64url');
}
