import { runInTenantTransaction } from '@anpi/persistence';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';

export interface StreamedAnswer {
  recipient_id: string;
  answers: Record<string, string>;
  revision: number;
  first_answered_at: string;
  answered_at: string;
}

interface AnswerRow {
  recipient_id: string;
  answers: Record<string, string>;
  revision: number;
  first_answered_at: Date;
  answered_at: Date;
  changed_in: string;
}

const PAGE_SIZE = 500;

export interface StreamControl {
  isAbandoned(): boolean;
  pollIntervalMs: number;
}

/**
 * Every answer of an alert, then each new or changed one. Answers are read in windows below
 * the oldest transaction still running (`pg_snapshot_xmin`): everything there has committed or
 * never will, so an answer committed late by a slow transaction is still delivered — none is
 * skipped, which ordering by time could not promise. Ends when the alert has closed and the
 * last window is drained.
 */
export class AnswerStream {
  constructor(private readonly dataSource: DataSource) {}

  async *answers(tenantId: string, alertId: string, control: StreamControl): AsyncGenerator<StreamedAnswer> {
    let position = { changedIn: '0', recipientId: '00000000-0000-0000-0000-000000000000' };
    while (!control.isAbandoned()) {
      const window = await this.readWindow(tenantId, alertId, position);
      if (!window) return;
      for (const row of window.rows) yield toStreamedAnswer(row);
      const last = window.rows[window.rows.length - 1];
      if (last) position = { changedIn: last.changed_in, recipientId: last.recipient_id };
      if (window.rows.length === PAGE_SIZE) continue;
      if (window.closed) return;
      await sleep(control.pollIntervalMs);
    }
  }

  private readWindow(tenantId: string, alertId: string, after: { changedIn: string; recipientId: string }) {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [alert]: { closed: boolean }[] = await manager.query(
        'SELECT (closed_at IS NOT NULL OR closes_at <= now()) AS closed FROM alert_projections WHERE alert_id = $1',
        [alertId],
      );
      if (!alert) return undefined;
      // Taken before the read: every transaction below this has finished, so the read sees all of them.
      const [{ upto }]: { upto: string }[] = await manager.query('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS upto');
      const rows: AnswerRow[] = await manager.query(
        `SELECT recipient_id, answers, revision, first_answered_at, answered_at, changed_in::text AS changed_in
         FROM answers
         WHERE alert_id = $1 AND (changed_in, recipient_id) > ($2::xid8, $3::uuid) AND changed_in < $4::xid8
         ORDER BY changed_in, recipient_id
         LIMIT ${PAGE_SIZE}`,
        [alertId, after.changedIn, after.recipientId, upto],
      );
      return { rows, closed: alert.closed };
    });
  }
}

function toStreamedAnswer(row: AnswerRow): StreamedAnswer {
  return {
    recipient_id: row.recipient_id,
    answers: row.answers,
    revision: row.revision,
    first_answered_at: new Date(row.first_answered_at).toISOString(),
    answered_at: new Date(row.answered_at).toISOString(),
  };
}
