import { WorkLoop, appendToOutbox } from '@anpi/messaging';
import { bindTenant } from '@anpi/persistence';
import type { Logger } from 'pino';
import { Counter, Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import type { AlertTarget } from '../alerts/alert-target';
import { AnswerTokenIssuer, hashAnswerToken } from '../answer-links/answer-token';
import { RecipientSource } from '../recipients/recipient-source';
import { LAST_RECIPIENT_ID, splitRecipientRange } from './recipient-ranges';
import { RecipientFilter } from './start-fan-out';

/** A widened alert's round 1 runs again over the whole company. */
const everyone: AlertTarget = { kind: 'all' };

/**
 * How many slices a large round is cut into: enough for eight pods with two workers each to
 * share one alert. A round that fits in one page is never cut.
 */
export const SLICES_PER_LARGE_ROUND = 16;

export interface FanOutOptions {
  pageSize: number;
  /** Pages this pod fans out at once (each on its own connection, from different slices). */
  concurrency: number;
  idlePollMs: number;
  /** Answer links stay valid this long after the alert closes (late answers, slow phones). */
  answerGraceMs: number;
}

interface ClaimedJob {
  tenant_id: string;
  alert_id: string;
  round: number;
  slice: number;
  cursor_recipient: string | null;
  through_recipient: string;
  recipient_filter: RecipientFilter | null;
  created_at: Date;
}

interface AlertForFanOut {
  state: string;
  target: AlertTarget;
  channels: string[];
  closes_at: Date;
  widened_at: Date | null;
}

/**
 * Turns an alert round into persisted deliveries, one page at a time. Each page — claim a
 * slice of the round, resolve the next recipients after its cursor, insert their deliveries,
 * announce them (`deliveries.requested`, `answer-links.issued`) through the outbox, move the
 * cursor — is one transaction. A worker killed mid-fan-out loses nothing: the next one resumes
 * at the cursor, and re-inserting a page is a no-op (unique per alert, round and recipient).
 * Slices are claimed with SKIP LOCKED: a round starts as one slice over every recipient id,
 * and when its first page comes back full the rest of the ids are cut into
 * SLICES_PER_LARGE_ROUND ranges, so the workers of every pod fan out one large alert together.
 */
export class FanOutWorker {
  private readonly loops: WorkLoop[];
  private readonly planned: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly recipients: RecipientSource,
    private readonly tokens: AnswerTokenIssuer,
    private readonly logger: Logger,
    registry: Registry,
    private readonly options: FanOutOptions,
    private readonly afterCommit: () => void = () => undefined,
  ) {
    this.planned = new Counter({ name: 'anpi_fan_out_deliveries_planned_total', help: 'Deliveries persisted by the fan-out.', registers: [registry] });
    this.loops = Array.from(
      { length: options.concurrency },
      () =>
        new WorkLoop(() => this.processNextPage(), {
          idlePollMs: options.idlePollMs,
          maxBackoffMs: 5_000,
          onFailure: (error, retryInMs) => this.logger.warn({ err: error, retryInMs }, 'fan-out page failed; it is retried from the same cursor'),
        }),
    );
  }

  start(): void {
    for (const loop of this.loops) loop.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.loops.map((loop) => loop.stop()));
  }

  /** Called when a new job was committed, so the fan-out starts without waiting for a poll. */
  notify(): void {
    for (const loop of this.loops) loop.wake();
  }

  /** Processes one page of one job; false when there was nothing to do. */
  async processNextPage(): Promise<boolean> {
    const worked = await this.dataSource.transaction(async (manager) => {
      const [job]: ClaimedJob[] = await manager.query(
        `SELECT tenant_id, alert_id, round, slice, cursor_recipient, through_recipient, recipient_filter, created_at FROM fan_out_jobs
         WHERE status = 'pending' ORDER BY created_at, slice LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!job) return false;
      await bindTenant(manager, job.tenant_id);
      const [alert]: AlertForFanOut[] = await manager.query('SELECT state, target, channels, closes_at, widened_at FROM alerts WHERE id = $1', [job.alert_id]);
      if (!alert || alert.state === 'closed') {
        await this.finish(manager, job);
        return true;
      }
      const range = { startAfter: job.cursor_recipient, through: job.through_recipient };
      const recipientIds =
        job.round === 1
          ? await this.recipients.idsPage(job.tenant_id, alert.widened_at ? everyone : alert.target, range, this.options.pageSize, manager)
          : await this.nonRespondersPage(manager, job);
      if (recipientIds.length === 0) {
        await this.finish(manager, job);
        return true;
      }
      await this.persistPage(manager, job, alert, recipientIds);
      return true;
    });
    if (worked) this.afterCommit();
    return worked;
  }

  private async persistPage(manager: EntityManager, job: ClaimedJob, alert: AlertForFanOut, recipientIds: string[]): Promise<void> {
    const inserted: { id: string; recipient_id: string }[] = await manager.query(
      `INSERT INTO deliveries (id, tenant_id, alert_id, round, recipient_id, channel_order)
       SELECT gen_random_uuid(), $1, $2, $3, recipient_id, $4 FROM unnest($5::uuid[]) AS recipient_id
       ON CONFLICT (alert_id, round, recipient_id) DO NOTHING
       RETURNING id, recipient_id`,
      [job.tenant_id, job.alert_id, job.round, alert.channels, recipientIds],
    );
    const lastRecipient = recipientIds[recipientIds.length - 1];
    if (inserted.length > 0) {
      await appendToOutbox(manager, [
        {
          type: 'deliveries.requested',
          version: 1,
          tenantId: job.tenant_id,
          key: `${job.alert_id}:${job.round}:${lastRecipient}`,
          payload: { alertId: job.alert_id, round: job.round, deliveryIds: inserted.map((row) => row.id) },
        },
        {
          type: 'answer-links.issued',
          version: 1,
          tenantId: job.tenant_id,
          key: job.alert_id,
          payload: {
            alertId: job.alert_id,
            validUntil: new Date(new Date(alert.closes_at).getTime() + this.options.answerGraceMs).toISOString(),
            links: inserted.map((row) => ({ recipientId: row.recipient_id, tokenHash: hashAnswerToken(this.tokens.tokenFor(job.alert_id, row.recipient_id)) })),
          },
        },
      ]);
    }
    const through = this.shouldSplit(job, recipientIds) ? await this.splitRest(manager, job, lastRecipient) : job.through_recipient;
    await manager.query(
      `UPDATE fan_out_jobs SET cursor_recipient = $4, through_recipient = $5, planned = planned + $6, updated_at = now()
       WHERE alert_id = $1 AND round = $2 AND slice = $3`,
      [job.alert_id, job.round, job.slice, lastRecipient, through, inserted.length],
    );
    this.planned.inc(inserted.length);
  }

  /** A round is cut once: when the first page of its only slice (every id) comes back full. */
  private shouldSplit(job: ClaimedJob, recipientIds: readonly string[]): boolean {
    return job.slice === 0 && job.through_recipient === LAST_RECIPIENT_ID && recipientIds.length === this.options.pageSize;
  }

  /**
   * Cuts the ids after this page into slices: slice 0 keeps the first range, new slices (same
   * place in the queue) take the others. Returns where slice 0 now ends.
   */
  private async splitRest(manager: EntityManager, job: ClaimedJob, lastRecipient: string): Promise<string> {
    const [kept, ...others] = splitRecipientRange(lastRecipient, LAST_RECIPIENT_ID, SLICES_PER_LARGE_ROUND);
    if (!kept) return job.through_recipient;
    await manager.query(
      `INSERT INTO fan_out_jobs (tenant_id, alert_id, round, slice, start_after, cursor_recipient, through_recipient, recipient_filter, created_at)
       SELECT $1, $2, $3, slice, start_after, start_after, through_recipient, $4, $5
       FROM unnest($6::int[], $7::uuid[], $8::uuid[]) AS s(slice, start_after, through_recipient)`,
      [
        job.tenant_id,
        job.alert_id,
        job.round,
        job.recipient_filter === null ? null : JSON.stringify(job.recipient_filter),
        job.created_at,
        others.map((_, index) => job.slice + index + 1),
        others.map((range) => range.startAfter),
        others.map((range) => range.through),
      ],
    );
    return kept.through;
  }

  /**
   * Re-send rounds ask again exactly the people of round 1 who have not answered yet; a manual
   * round may narrow them down to departments (with their sub-departments) and/or people.
   */
  private async nonRespondersPage(manager: EntityManager, job: ClaimedJob): Promise<string[]> {
    const rows: { recipient_id: string }[] = await manager.query(
      `SELECT d.recipient_id FROM deliveries d
       WHERE d.alert_id = $1 AND d.round = 1 AND ($2::uuid IS NULL OR d.recipient_id > $2::uuid) AND d.recipient_id <= $6::uuid
         AND NOT EXISTS (SELECT 1 FROM responded_recipients r WHERE r.alert_id = d.alert_id AND r.recipient_id = d.recipient_id)
         AND ($4::uuid[] IS NULL OR d.recipient_id = ANY($4::uuid[]))
         AND ($5::uuid[] IS NULL OR EXISTS (
           SELECT 1 FROM directory_recipients p WHERE p.employee_id = d.recipient_id
             AND p.department_ids && ARRAY(SELECT department_id FROM directory_departments WHERE path && $5::uuid[])))
       ORDER BY d.recipient_id LIMIT $3`,
      [job.alert_id, job.cursor_recipient, this.options.pageSize, job.recipient_filter?.recipientIds ?? null, job.recipient_filter?.departmentIds ?? null, job.through_recipient],
    );
    return rows.map((row) => row.recipient_id);
  }

  /**
   * Marks the slice done, and opens the alert when it was its round's last. Slices finishing at
   * the same moment take the alert's row in turn, and each looks for pending slices only once
   * it holds it (a new statement sees the other's commit): the last one always opens it.
   */
  private async finish(manager: EntityManager, job: ClaimedJob): Promise<void> {
    await manager.query(`UPDATE fan_out_jobs SET status = 'done', updated_at = now() WHERE alert_id = $1 AND round = $2 AND slice = $3`, [job.alert_id, job.round, job.slice]);
    await manager.query('SELECT 1 FROM alerts WHERE id = $1 FOR NO KEY UPDATE', [job.alert_id]);
    const [pending]: unknown[] = await manager.query(`SELECT 1 FROM fan_out_jobs WHERE alert_id = $1 AND round = $2 AND status = 'pending' LIMIT 1`, [job.alert_id, job.round]);
    if (pending) return;
    await manager.query(`UPDATE alerts SET state = 'open', updated_at = now() WHERE id = $1 AND state = 'sending'`, [job.alert_id]);
    this.logger.info({ alertId: job.alert_id, round: job.round }, 'fan-out finished');
  }
}
