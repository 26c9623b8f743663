import { WorkLoop, appendToOutbox, duePassLoop } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import type { Logger } from 'pino';
import { DataSource, EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-trail';
import { EmployeeSnapshots } from '../employees/employee-snapshots';
import { PurgePolicy } from './purge-policy';

interface DuePurge {
  employee_id: string;
  tenant_id: string;
  disabled_at: Date;
}

const batchSize = 50;
const purgeJob = 'employee-purge';

/**
 * Runs in every tenant-service pod: erases the personal data of employees disabled longer
 * than the retention period. Due rows are claimed with SKIP LOCKED, so each is purged by
 * exactly one pod; the erasure, its `employee.removed` event and its audit entry commit
 * together, and an employee already purged is never purged (or announced) twice.
 */
export class EmployeePurger {
  private readonly loop: WorkLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly snapshots: EmployeeSnapshots,
    private readonly policy: PurgePolicy,
    private readonly logger: Logger,
    intervalMs: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.loop = duePassLoop(() => this.runDue(), { intervalMs, logger, what: 'employee purge pass' });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass; returns how many employees it purged. */
  async runDue(): Promise<number> {
    const now = this.clock();
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.platform_scope', 'employee-purge', true)`);
      const due: DuePurge[] = await manager.query(
        `SELECT employee_id, tenant_id, disabled_at FROM employee_purge_schedule
         WHERE disabled_at <= $1 ORDER BY disabled_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED`,
        [this.policy.disabledNoLaterThan(now)],
      );
      let purged = 0;
      for (const employee of due) {
        await bindTenant(manager, employee.tenant_id);
        if (await this.purge(manager, employee, now)) purged += 1;
      }
      if (purged > 0) this.logger.info({ purged }, 'employees purged after off-boarding');
      return purged;
    });
  }

  /**
   * Erases every personal field; the id, status, dates, work prefecture and language stay
   * (coarse, shared by thousands, and needed for past alerts' statistics). An employee being
   * edited right now (row locked) is left for the next pass rather than waited for.
   */
  private async purge(manager: EntityManager, due: DuePurge, now: Date): Promise<boolean> {
    const tombstone = this.policy.tombstoneOf(due.employee_id);
    const erased: unknown[] = await manager.query(
      `UPDATE employees SET employee_number = $2, name_kanji = $3, name_kana = $3, home_prefecture = NULL, roles = '{}',
         company_email_ciphertext = NULL, company_email_lookup = NULL, private_emails_ciphertext = NULL, private_email_lookups = '{}',
         mobile_phone_ciphertext = NULL, mobile_phone_lookup = NULL, line_user_id_ciphertext = NULL, purged_at = $4, updated_at = now()
       WHERE id = (SELECT id FROM employees WHERE id = $1 AND status = 'disabled' AND purged_at IS NULL FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [due.employee_id, tombstone.employeeNumber, tombstone.name, now],
    );
    if (erased.length === 0) return false;
    await manager.query('DELETE FROM employee_departments WHERE employee_id = $1', [due.employee_id]);
    await manager.query('DELETE FROM group_members WHERE employee_id = $1', [due.employee_id]);
    await appendToOutbox(manager, [this.snapshots.removed(due.tenant_id, due.employee_id, 'purged')]);
    await recordAudit(manager, due.tenant_id, { kind: 'system', job: purgeJob }, [
      {
        action: 'employee.purged',
        targetType: 'employee',
        targetId: due.employee_id,
        details: { disabledAt: new Date(due.disabled_at).toISOString(), purgeAfterDays: this.policy.purgeAfterDays },
      },
    ]);
    return true;
  }
}
