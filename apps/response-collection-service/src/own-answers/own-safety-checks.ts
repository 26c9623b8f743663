import { Principal } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { reachOfRecipient } from '../answer-page/asked-recipient';
import { AnswerView, answerView } from '../answer-page/console-answers';
import { Question } from '../answer-page/question-set';
import { AnswerProblem, RecordAnswer, RecordedAnswer } from '../answer-page/record-answer.use-case';

/** An open safety check that asked the signed-in person, with their current answer (null until they answer). */
export interface MySafetyCheck {
  alertId: string;
  title: string;
  message: string;
  drill: boolean;
  closesAt: string;
  questions: Question[];
  answer: AnswerView | null;
}

export interface MySafetyChecks {
  /** Whether the account is linked to a person in the directory; without it there is nobody to answer for. */
  linked: boolean;
  safetyChecks: MySafetyCheck[];
}

export type OwnAnswerResult =
  | { kind: 'recorded'; recorded: RecordedAnswer }
  | { kind: 'not-linked' }
  | { kind: 'not-a-recipient' }
  | { kind: 'alert-missing' }
  | { kind: 'closed' }
  | { kind: 'refused'; problems: AnswerProblem[] };

/** A console page lists what is open now; a person is rarely asked by more than a few alerts at once. */
export const MAX_LISTED_SAFETY_CHECKS = 20;

export interface MySafetyCheckRow {
  alert_id: string;
  title: string;
  message: string;
  drill: boolean;
  questions: Question[];
  closes_at: Date;
  answers: Record<string, string> | null;
  revision: number | null;
  first_answered_at: Date | null;
  answered_at: Date | null;
}

/**
 * A signed-in console user's own safety checks (issue 6 §1): the account's linked directory
 * person (`Principal.employeeId`) is the recipient, so they see and answer what the alerts
 * asked them, as on their answer page. No department scope: it is their own answer, not
 * someone else's, and not 代理回答.
 */
export class OwnSafetyChecks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: RecordAnswer,
  ) {}

  /**
   * Open alerts only (answers are taken until the alert closes), newest first. Starts from the
   * tenant's open alerts — few at any time — and looks each one's recipient up by primary key,
   * so no index on the recipient is needed however many alerts a person was ever asked by.
   */
  async list(principal: Principal, now: Date): Promise<MySafetyChecks> {
    const recipientId = principal.employeeId;
    if (!recipientId) return { linked: false, safetyChecks: [] };
    const rows: MySafetyCheckRow[] = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) =>
      manager.query(
        `SELECT p.alert_id, p.title, p.message, p.drill, p.questions, p.closes_at, a.answers, a.revision, a.first_answered_at, a.answered_at
         FROM alert_projections p
         JOIN alert_recipients r ON r.alert_id = p.alert_id AND r.recipient_id = $1
         LEFT JOIN answers a ON a.alert_id = p.alert_id AND a.recipient_id = $1
         WHERE p.closed_at IS NULL AND p.closes_at > $2
         ORDER BY p.opened_at DESC NULLS LAST, p.alert_id
         LIMIT $3`,
        [recipientId, now, MAX_LISTED_SAFETY_CHECKS],
      ),
    );
    return { linked: true, safetyChecks: rows.map(toMySafetyCheck) };
  }

  /** Checked, counted and announced exactly like an answer from the page (RecordAnswer), for the person the account is linked to. */
  async answer(principal: Principal, alertId: string, submitted: Record<string, unknown>, now: Date): Promise<OwnAnswerResult> {
    const recipientId = principal.employeeId;
    if (!recipientId) return { kind: 'not-linked' };
    const reach = await reachOfRecipient(this.dataSource, principal.tenantId, alertId, recipientId, null);
    if (reach !== 'in-scope') return { kind: 'not-a-recipient' };
    const { context, recorded, problems } = await this.answers.recordOwnAnswer({ tenantId: principal.tenantId, alertId, recipientId }, submitted, now);
    if (context.status === 'missing') return { kind: 'alert-missing' };
    if (problems) return { kind: 'refused', problems };
    if (!recorded || context.status === 'closed') return { kind: 'closed' };
    return { kind: 'recorded', recorded };
  }
}

export function toMySafetyCheck(row: MySafetyCheckRow): MySafetyCheck {
  return {
    alertId: row.alert_id,
    title: row.title,
    message: row.message,
    drill: row.drill,
    closesAt: new Date(row.closes_at).toISOString(),
    questions: row.questions,
    answer:
      row.revision == null || row.answers == null || row.first_answered_at == null || row.answered_at == null
        ? null
        : answerView({ answers: row.answers, revision: row.revision, firstAnsweredAt: new Date(row.first_answered_at), answeredAt: new Date(row.answered_at) }),
  };
}
