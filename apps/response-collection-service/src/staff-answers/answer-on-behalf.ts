import { Principal } from '@anpi/auth-guard';
import { DataSource } from 'typeorm';
import { reachOfRecipient } from '../answer-page/asked-recipient';
import { scopeRootsOf } from '../breakdowns/department-tree';
import { AnswerProblem, RecordAnswer, RecordedAnswer } from '../answer-page/record-answer.use-case';

export type AnswerOnBehalfResult =
  | { kind: 'recorded'; recorded: RecordedAnswer }
  | { kind: 'not-a-recipient' }
  | { kind: 'outside-scope' }
  | { kind: 'alert-missing' }
  | { kind: 'closed' }
  | { kind: 'already-answered' }
  | { kind: 'refused'; problems: AnswerProblem[] };

/**
 * The crisis team records a person's answer for them (they phoned in): only for someone this
 * alert asked, and a department admin only for people in their departments. Then exactly what
 * the answer page does — the same checks, counters and event — plus who recorded it.
 */
export class AnswerOnBehalf {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: RecordAnswer,
  ) {}

  async record(staff: Principal, alertId: string, recipientId: string, submitted: Record<string, unknown>, now: Date, options: { onlyIfUnanswered?: boolean } = {}): Promise<AnswerOnBehalfResult> {
    const reach = await reachOfRecipient(this.dataSource, staff.tenantId, alertId, recipientId, scopeRootsOf(staff));
    if (reach !== 'in-scope') return { kind: reach };
    const link = { tenantId: staff.tenantId, alertId, recipientId };
    const { context, recorded, problems, alreadyAnswered } = await this.answers.recordOnBehalf(link, submitted, now, staff.userId, options);
    if (context.status === 'missing') return { kind: 'alert-missing' };
    if (problems) return { kind: 'refused', problems };
    if (alreadyAnswered) return { kind: 'already-answered' };
    if (!recorded || context.status === 'closed') return { kind: 'closed' };
    return { kind: 'recorded', recorded };
  }
}
