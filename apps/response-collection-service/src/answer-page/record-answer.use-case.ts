import { appendToOutbox } from '@anpi/messaging';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { countAnswer } from '../aggregates/answer-counters';
import { PlacementRow, toPlacement } from '../breakdowns/breakdown-counters';
import { RecipientPlacement } from '../breakdowns/breakdown-keys';
import { ResponseMetrics } from '../metrics/response-metrics';
import { AnswerFormResult, readAnswerForm } from './answer-form';
import { AnswerPageAlert } from './answer-page.renderer';
import { ResolvedAnswerLink } from './answer-link-resolver';
import { Question } from './question-set';

type AnswerOutcome = 'first' | 'changed' | 'unchanged' | 'refused';

export type AnswerProblem = Extract<AnswerFormResult, { ok: false }>['problems'][number];

export interface RecordedAnswer {
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: Date;
  answeredAt: Date;
}

export type AnswerContext =
  | { status: 'missing' }
  | { status: 'closed'; alert: AnswerPageAlert }
  | { status: 'open'; alert: AnswerPageAlert; openedAt?: Date; previous?: RecordedAnswer; placement: RecipientPlacement };

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
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: ResponseMetrics,
  ) {}

  context(link: ResolvedAnswerLink, now: Date): Promise<AnswerContext> {
    return runInTenantTransaction(this.dataSource, link.tenantId, (manager) => this.readContext(manager, link, now));
  }

  /**
   * Checks the submitted form against the alert's questions and records it, in one transaction.
   * `recorded` is absent when the alert is missing or closed (`context` says which) or when the
   * form was refused (`problems` says why; nothing was stored).
   */
  async record(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date): Promise<{ context: AnswerContext; recorded?: RecordedAnswer; problems?: AnswerProblem[] }> {
    const { outcome, ...result } = await this.recordInTransaction(link, submitted, now);
    // Counted once the transaction is over: a rolled-back answer is not an outcome.
    if (outcome) this.metrics.answers.inc({ outcome });
    return result;
  }

  private recordInTransaction(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date) {
    return runInTenantTransaction(this.dataSource, link.tenantId, async (manager): Promise<{ context: AnswerContext; recorded?: RecordedAnswer; problems?: AnswerProblem[]; outcome?: AnswerOutcome }> => {
      // One answer at a time per recipient (the lock is taken with the alert read): a double
      // submit must see the first one's result, or both would count as a first answer.
      const context = await this.readContext(manager, link, now, { lockRecipient: true });
      if (context.status !== 'open') return { context };
      const form = readAnswerForm(context.alert.questions, submitted);
      if (!form.ok) return { context, problems: form.problems, outcome: 'refused' };
      const answers = form.answers;
      const [changed]: AnswerRow[] = await manager.query(
        `INSERT INTO answers (alert_id, recipient_id, tenant_id, answers, revision, first_answered_at, answered_at)
         VALUES ($1, $2, $3, $4, 1, $5, $5)
         ON CONFLICT (alert_id, recipient_id) DO UPDATE
           SET answers = EXCLUDED.answers, revision = answers.revision + 1, answered_at = EXCLUDED.answered_at, changed_in = pg_current_xact_id()
           WHERE answers.answers IS DISTINCT FROM EXCLUDED.answers
         RETURNING answers, revision, first_answered_at, answered_at`,
        [link.alertId, link.recipientId, link.tenantId, JSON.stringify(answers), now],
      );
      if (!changed) return { context, recorded: context.previous, outcome: 'unchanged' };
      const recorded = toRecorded(changed);
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
      // Last: the shared counter rows stay locked only from here to the commit.
      await countAnswer(manager, {
        tenantId: link.tenantId,
        alertId: link.alertId,
        questions: context.alert.questions,
        previous: context.previous?.answers,
        current: recorded.answers,
        firstAnswer: recorded.revision === 1,
        recipientId: link.recipientId,
        placement: context.placement,
        secondsSinceOpen: context.openedAt ? (recorded.answeredAt.getTime() - context.openedAt.getTime()) / 1000 : 0,
      });
      return { context, recorded, outcome: recorded.revision === 1 ? 'first' : 'changed' };
    });
  }

  private async readContext(manager: EntityManager, link: ResolvedAnswerLink, now: Date, options: { lockRecipient?: boolean } = {}): Promise<AnswerContext> {
    const lock = options.lockRecipient ? ', pg_advisory_xact_lock(hashtextextended($2, 0)) IS NULL AS locked' : '';
    const [row]: AlertRow[] = await manager.query(
      `SELECT title, message, drill, questions, closes_at, closed_at, opened_at${lock} FROM alert_projections WHERE alert_id = $1`,
      options.lockRecipient ? [link.alertId, `${link.alertId}/${link.recipientId}`] : [link.alertId],
    );
    if (!row) return { status: 'missing' };
    const alert: AnswerPageAlert = { title: row.title, message: row.message, drill: row.drill, questions: row.questions, closesAt: new Date(row.closes_at) };
    if (row.closed_at || alert.closesAt <= now) return { status: 'closed', alert };
    // The previous answer and where this recipient counts, in one round trip.
    const [recipient]: (Partial<AnswerRow> & PlacementRow)[] = await manager.query(
      `SELECT a.answers, a.revision, a.first_answered_at, a.answered_at, r.department_scope, r.work_prefecture, r.home_prefecture
       FROM (SELECT 1) AS one
       LEFT JOIN answers a ON a.alert_id = $1 AND a.recipient_id = $2
       LEFT JOIN alert_recipients r ON r.alert_id = $1 AND r.recipient_id = $2`,
      [link.alertId, link.recipientId],
    );
    return {
      status: 'open',
      alert,
      openedAt: row.opened_at ? new Date(row.opened_at) : undefined,
      previous: recipient.revision ? toRecorded(recipient as AnswerRow) : undefined,
      placement: toPlacement(recipient),
    };
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
