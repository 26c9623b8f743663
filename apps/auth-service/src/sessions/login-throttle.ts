import { BlindIndex } from '@anpi/field-encryption';
import { DataSource } from 'typeorm';
import { LockoutRule, lockSecondsAfter } from './lockout-schedule';

export interface ThrottleSubject {
  key: string;
  rule: LockoutRule;
}

/** Failures older than this are forgotten: a lock is about a burst, not about last month. */
const FAILURE_MEMORY = '1 day';

/**
 * Failed-login counters in PostgreSQL, so every replica sees the same ones. Two subjects per
 * attempt: the account (tenant + e-mail, counted whether or not it exists, so a lock reveals
 * nothing) and the client address (one address trying many accounts). Both are HMACs.
 */
export class LoginThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly blindIndex: BlindIndex,
    private readonly accountRule: LockoutRule,
    private readonly addressRule: LockoutRule,
  ) {}

  subjectsFor(tenantScope: string, normalisedEmail: string, clientAddress: string): ThrottleSubject[] {
    return [
      { key: `account:${this.blindIndex.of(normalisedEmail, `login-throttle/${tenantScope}`)}`, rule: this.accountRule },
      { key: `address:${this.blindIndex.of(clientAddress, 'login-throttle/address')}`, rule: this.addressRule },
    ];
  }

  /** Seconds until the latest lock among the subjects ends; 0 when none is locked. */
  async secondsLocked(subjects: ThrottleSubject[]): Promise<number> {
    const [row] = await this.dataSource.query(
      `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS seconds
       FROM login_throttles WHERE subject = ANY($1) AND locked_until > now()`,
      [subjects.map((subject) => subject.key)],
    );
    return row?.seconds ?? 0;
  }

  async recordFailure(subjects: ThrottleSubject[]): Promise<void> {
    for (const subject of subjects) {
      const [row] = await this.dataSource.query(
        `INSERT INTO login_throttles AS t (subject, failures, last_failure_at) VALUES ($1, 1, now())
         ON CONFLICT (subject) DO UPDATE SET
           failures = CASE WHEN t.last_failure_at < now() - interval '${FAILURE_MEMORY}' THEN 1 ELSE t.failures + 1 END,
           last_failure_at = now()
         RETURNING failures`,
        [subject.key],
      );
      const lockSeconds = lockSecondsAfter(row.failures, subject.rule);
      if (lockSeconds > 0) {
        await this.dataSource.query(`UPDATE login_throttles SET locked_until = now() + make_interval(secs => $2) WHERE subject = $1`, [subject.key, lockSeconds]);
      }
    }
  }

  /** A successful login clears the account's counter; the address keeps its record. */
  async recordSuccess(subjects: ThrottleSubject[]): Promise<void> {
    await this.dataSource.query('DELETE FROM login_throttles WHERE subject = $1', [subjects[0].key]);
  }
}
