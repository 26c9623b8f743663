import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { countAnswer } from '../aggregates/answer-counters';
import { AnswerPageAlert } from './answer-page.renderer';
import { ResolvedAnswerLink } from './answer-link-resolver';
import { Question } from './question-set';

export interface RecordedAnswer {
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: Date;
  answeredAt: Date;
}

export type AnswerContext =
  | { status: 'missing' }
  | { status: 'closed'; alert: AnswerPageAlert }
  | { status: 'open'; alert: AnswerPageAlert; openedAt?: Date; previous?: RecordedAnswer };

interface AlertRow {
  title: string;
  message: string;
  drill: boolean;
  questions: Question[];
  closes_at: Date;
  closed_at: Date | null;
  opened_at: Date | null;
}

/**
 * Reads and records one recipient's answer. The answer is committed — with its
 * `response.received` event, through the outbox — before the page says "recorded".
 * The latest answer wins; the time of the first answer is kept; sending the same answer
 * again changes nothing and announces nothing.
 */
export class RecordAnswer {
  constructor(private readonly dataSource: DataSource) {}

  context(link: ResolvedAnswerLink, now: Date): Promise<AnswerContext> {
    return runInTenantTransaction(this.dataSource, link.tenantId, (manager) => this.readContext(manager, link, now));
  }

  /** `recorded` is absent when the alert is missing or closed: `context` says which. */
  async record(link: ResolvedAnswerLink, answers: Record<string, string>, now: Date): Promise<{ context: AnswerContext; recorded?: RecordedAnswer }> {
    return runInTenantTransaction(this.dataSource, link.tenantId, async (manager) => {
      const context = await this.readContext(manager, link, now);
      if (context.status !== 'open') return { context };
      const [changed]: AnswerRow[] = await manager.query(
        `INSERT INTO answers (alert_id, recipient_id, tenant_id, answers, revision, first_answered_at, answered_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5)
         ON CONFLICT (alert_id, recipient_id) DO UPDATE
           SET answers = EXCLUDED.answers, revision = answers.revision + 1, answered_at = EXCLUDED.answered_at
           WHERE answers.answers IS DISTINCT FROM EXCLUDED.answers
         RETURNING answers, revision, first_answered_at, answered_at`,
        [link.alertId, link.recipientId, link.tenantId, JSON.stringify(answers), now],
      );
      if (!changed) {
        return { context, recorded: context.previous };
      }
      const recorded = toRecorded(changed);
      await countAnswer(manager, {
        tenantId: link.tenantId,
        alertId: link.alertId,
        questions: context.alert.questions,
        previous: context.previous?.answers,
        current: recorded.answers,
        firstAnswer: recorded.revision === 1,
        secondsSinceOpen: context.openedAt ? (recorded.answeredAt.getTime() - context.openedAt.getTime()) / 1000 : 0,
      });
      await appendToOutbox(manager, [
        {
          type: 'response.received',
          version: 1,
          tenantId: link.tenantId,
          key: link.alertId,
          payload: {
            alertId: link.alertId,
            recipientId: link.recipientId,
            answers: recorded.answers,
            revision: recorded.revision,
            firstAnsweredAt: recorded.firstAnsweredAt.toISOString(),
            answeredAt: recorded.answeredAt.toISOString(),
            via: 'answer-page',
          },
        },
      ]);
      return { context, recorded };
    });
  }

  private async readContext(manager: EntityManager, link: ResolvedAnswerLink, now: Date): Promise<AnswerContext> {
    const [row]: AlertRow[] = await manager.query('SELECT title, message, drill, questions, closes_at, closed_at, opened_at FROM alert_projections WHERE alert_id = $1', [link.alertId]);
    if (!row) return { status: 'missing' };
    const alert: AnswerPageAlert = { title: row.title, message: row.message, drill: row.drill, questions: row.questions, closesAt: new Date(row.closes_at) };
    if (row.closed_at || alert.closesAt <= now) return { status: 'closed', alert };
    const [previous]: AnswerRow[] = await manager.query(
      'SELECT answers, revision, first_answered_at, answered_at FROM answers WHERE alert_id = $1 AND recipient_id = $2',
      [link.alertId, link.recipientId],
    );
    return { status: 'open', alert, openedAt: row.opened_at ? new Date(row.opened_at) : undefined, previous: previous && toRecorded(previous) };
  }
}

interface AnswerRow {
  answers: Record<string, string>;
  revision: number;
  first_answered_at: Date;
  answered_at: Date;
}

function toRecorded(row: AnswerRow): RecordedAnswer {
  return { answers: row.answers, revision: row.revision, firstAnsweredAt: new Date(row.first_answered_at), answeredAt: new Date(row.answered_at) };
}
