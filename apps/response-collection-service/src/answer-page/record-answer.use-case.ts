import { assertValidEvent, buildEnvelope, topicForEvent } from '@anpi/contracts';
import { StatementBatcher, StatementBatcherOptions, retryOnFailover, runInTenantTransaction } from '@anpi/persistence';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { COUNTER_SHARDS, counterChanges } from '../aggregates/answer-counters';
import { PlacementRow, toPlacement } from '../breakdowns/breakdown-counters';
import { RecipientPlacement } from '../breakdowns/breakdown-keys';
import { ResponseMetrics } from '../metrics/response-metrics';
import { AnswerFormResult, readAnswerForm } from './answer-form';
import { AnswerWrite, AnswerWriteOutcome, writeAnswersOnShard, writeAnswersTo } from './answer-writes';
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
 * A write loses only to another submission for the same recipient that committed, and that one
 * is then done: a request decided again this many times gets through any burst from one phone
 * smaller than this.
 */
const MAX_ATTEMPTS = 10;
/**
 * Up to 200 answers in one statement, at most 4 statements at once: enough to keep PostgreSQL's
 * cores busy while leaving the rest of the pool to the reads (each answer page opens its link).
 */
const defaultBatching = { maxBatchSize: 200, maxConcurrentBatches: 4 };

/** `alreadyAnswered`: the person's own answer, which an answer on their behalf was told not to replace. */
type AnswerResult = { context: AnswerContext; recorded?: RecordedAnswer; problems?: AnswerProblem[]; alreadyAnswered?: RecordedAnswer };

type OpenContext = Extract<AnswerContext, { status: 'open' }>;

/** Where the answer was given, as `response.received` announces it. */
type AnswerChannel = 'answer-page' | 'console';

/** How a decided answer is written: 'stale' when another submission committed first. */
type WriteAnswer = (link: ResolvedAnswerLink, context: OpenContext, recorded: RecordedAnswer) => Promise<AnswerWriteOutcome | 'already-answered'>;

/**
 * Reads and records one recipient's answer. The answer is committed — with its
 * `response.received` event, through the outbox, and every counter it moves — before the page
 * says "recorded". The latest answer wins; the time of the first answer is kept; sending the
 * same answer again changes nothing and announces nothing.
 *
 * Two round trips (issue 6, performance): one read (the link resolver's `open_answer_links`,
 * or `answer_context`), one write (`record_answers`, a single statement and so a single
 * transaction, shared with the answers that arrive meanwhile: StatementBatcher). Instead of a lock held
 * from the read to the commit, the write is a compare-and-set on the revision that was read: if
 * another submission for the same recipient committed in between, nothing is written and the
 * answer is decided again against what is now stored. A double submit therefore counts once.
 */
export class RecordAnswer {
  private readonly writes: StatementBatcher<AnswerWrite, AnswerWriteOutcome>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: ResponseMetrics,
    batching: Partial<Pick<StatementBatcherOptions, 'maxBatchSize' | 'maxConcurrentBatches'>> = {},
  ) {
    this.writes = new StatementBatcher(writeAnswersTo(dataSource, topicForEvent('response.received'), COUNTER_SHARDS), {
      ...defaultBatching,
      ...batching,
      retryFailedBatchItemByItem: true,
      observeBatch: (size) => metrics.answerWriteBatchSize.observe(size),
    });
  }

  async context(link: ResolvedAnswerLink, now: Date): Promise<AnswerContext> {
    const [row]: Partial<AnswerContextRow>[] = await this.dataSource.query('SELECT * FROM answer_context($1, $2, $3)', [link.tenantId, link.alertId, link.recipientId]);
    return toAnswerContext(row ?? {}, now);
  }

  /**
   * Checks the submitted form against the alert's questions and records it. `recorded` is
   * absent when the alert is missing or closed (`context` says which) or when the form was
   * refused (`problems` says why; nothing was stored).
   */
  record(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date, readWithLink?: AnswerContext): Promise<AnswerResult> {
    return this.decideWithRetries(link, submitted, now, (...write) => this.write('answer-page', ...write), readWithLink);
  }

  /**
   * The same, given by the signed-in person themselves in the console (their account is linked
   * to this recipient): their own answer, so written exactly like the page's — batched, no
   * `staff_answers` row, not marked 代理回答 — and announced with `via: 'console'`.
   */
  recordOwnAnswer(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date): Promise<AnswerResult> {
    return this.decideWithRetries(link, submitted, now, (...write) => this.write('console', ...write));
  }

  /**
   * The same, recorded by the crisis team on the person's behalf (a phone call): checked and
   * counted like any answer, announced with `via: 'console'`, and who recorded it is kept
   * (`staff_answers`) in the answer's own transaction. Not batched: staff answer one at a time.
   * `onlyIfUnanswered`: an answer the person gave meanwhile is kept (`alreadyAnswered`), not
   * replaced — the crisis team must not overwrite "seriously injured" with what a caller said.
   */
  recordOnBehalf(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date, staffUserId: string, { onlyIfUnanswered = false } = {}): Promise<AnswerResult> {
    return this.decideWithRetries(link, submitted, now, (link, context, recorded) =>
      onlyIfUnanswered && context.previous ? Promise.resolve('already-answered' as const) : this.writeOnBehalf(staffUserId, link, context, recorded),
    );
  }

  private decideWithRetries(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date, write: WriteAnswer, readWithLink?: AnswerContext): Promise<AnswerResult> {
    // A connection lost mid-write leaves it unknown whether the write committed; deciding again
    // is safe: a committed answer now reads as stored, so it is not applied twice.
    let alreadyRead = readWithLink;
    return retryOnFailover(
      () => {
        const context = alreadyRead;
        alreadyRead = undefined;
        return this.decideAndWrite(link, submitted, now, write, context);
      },
      { attempts: 3, initialDelayMs: 100 },
    );
  }

  /** `alreadyRead`: the context read with the link, used for the first decision only. */
  private async decideAndWrite(link: ResolvedAnswerLink, submitted: Record<string, unknown>, now: Date, write: WriteAnswer, alreadyRead?: AnswerContext): Promise<AnswerResult> {
    for (let attempt = 1; ; attempt++) {
      const context = attempt === 1 && alreadyRead ? alreadyRead : await this.context(link, now);
      if (context.status !== 'open') return { context };
      const form = readAnswerForm(context.alert.questions, submitted);
      if (!form.ok) return this.counted('refused', { context, problems: form.problems });
      if (context.previous && sameAnswers(context.previous.answers, form.answers)) return this.counted('unchanged', { context, recorded: context.previous });
      const recorded: RecordedAnswer = {
        answers: form.answers,
        revision: (context.previous?.revision ?? 0) + 1,
        firstAnsweredAt: context.previous?.firstAnsweredAt ?? now,
        answeredAt: now,
      };
      const outcome = await write(link, context, recorded);
      if (outcome === 'recorded') return this.counted(recorded.revision === 1 ? 'first' : 'changed', { context, recorded });
      if (outcome === 'closed') return { context: { status: 'closed', alert: context.alert } };
      if (outcome === 'already-answered') return { context, alreadyAnswered: context.previous };
      if (attempt >= MAX_ATTEMPTS) throw new Error('record answer: the stored answer kept changing under concurrent submissions');
    }
  }

  /** Counted only once the write is over: an answer that was not stored is not an outcome. */
  private counted<T>(outcome: AnswerOutcome, result: T): T {
    this.metrics.answers.inc({ outcome });
    return result;
  }

  /** One statement, shared with the answers that arrive meanwhile: the answer (if its revision is still the one read), the event, the counters. */
  private write(via: AnswerChannel, link: ResolvedAnswerLink, context: OpenContext, recorded: RecordedAnswer): Promise<AnswerWriteOutcome> {
    return this.writes.submit(link.tenantId, answerWrite(link, context, recorded, via));
  }

  private writeOnBehalf(staffUserId: string, link: ResolvedAnswerLink, context: OpenContext, recorded: RecordedAnswer): Promise<AnswerWriteOutcome> {
    return runInTenantTransaction(this.dataSource, link.tenantId, async (manager) => {
      const [outcome] = await writeAnswersOnShard(manager, topicForEvent('response.received'), link.tenantId, randomInt(COUNTER_SHARDS), [answerWrite(link, context, recorded, 'console')]);
      if (outcome === 'recorded') {
        await manager.query('INSERT INTO staff_answers (tenant_id, alert_id, recipient_id, revision, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          link.tenantId,
          link.alertId,
          link.recipientId,
          recorded.revision,
          staffUserId,
          recorded.answeredAt,
        ]);
      }
      return outcome;
    });
  }
}

/** The answer (if its revision is still the one read), its `response.received` event and every counter it moves, as `record_answers` takes them. */
function answerWrite(link: ResolvedAnswerLink, context: OpenContext, recorded: RecordedAnswer, via: AnswerChannel): AnswerWrite {
  const envelope = buildEnvelope({
    type: 'response.received',
    version: 1,
    tenantId: link.tenantId,
    payload: {
      alertId: link.alertId,
      recipientId: link.recipientId,
      answers: recorded.answers,
      revision: recorded.revision,
      firstAnsweredAt: recorded.firstAnsweredAt.toISOString(),
      answeredAt: recorded.answeredAt.toISOString(),
      via,
    },
  });
  assertValidEvent(envelope);
  const counters = counterChanges({
    questions: context.alert.questions,
    previous: context.previous?.answers,
    current: recorded.answers,
    firstAnswer: recorded.revision === 1,
    placement: context.placement,
    secondsSinceOpen: context.openedAt ? (recorded.answeredAt.getTime() - context.openedAt.getTime()) / 1000 : 0,
  });
  return {
    alert: link.alertId,
    recipient: link.recipientId,
    answers: recorded.answers,
    at: recorded.answeredAt.toISOString(),
    rev: recorded.revision - 1,
    bucket: counters.bucket,
    choices: counters.choices.map(({ questionId, choiceId, delta }) => ({ q: questionId, c: choiceId, d: delta })),
    responded: counters.responded.map(({ dimension, key }) => ({ dim: dimension, key })),
    breakdown: counters.breakdownChoices.map(({ dimension, key, questionId, choiceId, delta }) => ({ dim: dimension, key, q: questionId, c: choiceId, d: delta })),
    event_id: envelope.eventId,
    message_key: link.alertId,
    envelope,
  };
}

/** A row of `answer_context` (or the context columns of `open_answer_links`). */
export type AnswerContextRow = AlertRow & Partial<AnswerRow> & PlacementRow;

/** What the page can do for this recipient now; no alert columns means no alert (yet). */
export function toAnswerContext(row: Partial<AnswerContextRow>, now: Date): AnswerContext {
  if (row.closes_at == null) return { status: 'missing' };
  const alert: AnswerPageAlert = { title: row.title ?? '', message: row.message ?? '', drill: row.drill ?? false, questions: row.questions ?? [], closesAt: new Date(row.closes_at) };
  if (row.closed_at || alert.closesAt <= now) return { status: 'closed', alert };
  return {
    status: 'open',
    alert,
    openedAt: row.opened_at ? new Date(row.opened_at) : undefined,
    previous: row.revision ? toRecorded(row as AnswerRow) : undefined,
    placement: toPlacement(row),
  };
}

/** The same answer to every question (stored JSON has no meaningful key order). */
export function sameAnswers(stored: Record<string, string>, submitted: Record<string, string>): boolean {
  const keys = Object.keys(submitted);
  return keys.length === Object.keys(stored).length && keys.every((key) => Object.prototype.hasOwnProperty.call(stored, key) && stored[key] === submitted[key]);
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
