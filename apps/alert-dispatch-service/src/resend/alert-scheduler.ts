import { WorkLoop, duePassLoop } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { closeAlert } from '../alerts/close-alert';
import { ALERT_SCHEDULER_ACTOR } from '../audit';
import { startNextRound } from './start-next-round';
import { widenToEveryone } from './widen-to-everyone';

interface DueAlert {
  alert_id: string;
  tenant_id: string;
  next_round_at: Date | null;
  widen_at: Date | null;
  closes_at: Date;
}

/**
 * Runs in every dispatch pod: starts re-send rounds that are due and closes alerts whose time
 * is up. Due rows are claimed with SKIP LOCKED, so each is handled by exactly one pod.
 */
export class AlertScheduler {
  private readonly loop: WorkLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    intervalMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.loop = duePassLoop(() => this.runDue(), { intervalMs, logger, what: 'alert scheduler pass' });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; returns how many alerts it handled. */
  async runDue(): Promise<number> {
    const now = this.clock();
    return this.dataSource.transaction(async (manager) => {
      const due: DueAlert[] = await manager.query(
        `SELECT alert_id, tenant_id, next_round_at, widen_at, closes_at FROM alert_schedule
         WHERE next_round_at <= $1 OR closes_at <= $1 OR widen_at <= $1
         ORDER BY least(coalesce(next_round_at, closes_at), closes_at) LIMIT 50 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      for (const alert of due) {
        await bindTenant(manager, alert.tenant_id);
        if (new Date(alert.closes_at) <= now) {
          await this.close(manager, alert, now);
          continue;
        }
        if (isDue(alert.widen_at, now) && (await widenToEveryone(manager, alert.tenant_id, alert.alert_id, now))) {
          this.logger.info({ alertId: alert.alert_id }, 'alert widened to everyone');
        }
        if (isDue(alert.next_round_at, now)) await startNextRound(manager, alert.tenant_id, alert.alert_id, now);
      }
      return due.length;
    });
  }

  private async close(manager: EntityManager, alert: DueAlert, now: Date): Promise<void> {
    if (await closeAlert(manager, alert.tenant_id, alert.alert_id, 'time-up', ALERT_SCHEDULER_ACTOR, now)) this.logger.info({ alertId: alert.alert_id }, 'alert closed');
  }
}

function isDue(at: Date | null, now: Date): boolean {
  return at !== null && new Date(at) <= now;
}
