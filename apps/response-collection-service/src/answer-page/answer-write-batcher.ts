import { isConnectionLostError } from '@anpi/persistence';
import { DataSource } from 'typeorm';

/** One answer to write, as `record_answers` takes it (see its migration for the fields). */
export interface AnswerWrite {
  alert: string;
  recipient: string;
  answers: Record<string, string>;
  at: string;
  /** The revision read before deciding (0 = no answer yet): the write is a compare-and-set on it. */
  rev: number;
  bucket: number;
  choices: { q: string; c: string; d: number }[];
  responded: { dim: string; key: string }[];
  breakdown: { dim: string; key: string; q: string; c: string; d: number }[];
  event_id: string;
  message_key: string;
  envelope: unknown;
}

export type AnswerWriteOutcome = 'recorded' | 'closed' | 'stale';

/** Writes one tenant's answers in one statement (one transaction), counters on `shard`; outcomes in the order given. */
export type WriteAnswers = (tenantId: string, shard: number, writes: readonly AnswerWrite[]) => Promise<AnswerWriteOutcome[]>;

export interface AnswerWriteBatcherOptions {
  /** Answers in one statement at most. */
  maxBatchSize: number;
  /** Statements in flight at once (each holds a pooled connection until it commits). */
  maxConcurrentBatches: number;
  /** Counter shards to rotate over, so concurrent batches never wait on each other's counter rows. */
  shards: number;
  /** Told the size of every batch written (a metric). */
  observeBatch?: (size: number) => void;
}

interface Waiting {
  write: AnswerWrite;
  resolve: (outcome: AnswerWriteOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for answers. A write starts at once while fewer than `maxConcurrentBatches`
 * are in flight, so a lone answer waits for nothing; under load the answers that arrive while
 * the connections are busy are written together by the next statement, one commit for all of
 * them. Every caller is answered only after the statement holding its answer committed (or
 * failed), so "recorded" still means "in PostgreSQL". Batches hold one tenant each (row-level
 * security binds one tenant per statement); tenants take turns.
 */
export class AnswerWriteBatcher {
  /** Per tenant, oldest first; a Map keeps the order in which tenants started waiting. */
  private readonly waiting = new Map<string, Waiting[]>();
  private inFlight = 0;
  private nextShard = 0;

  constructor(
    private readonly writeAnswers: WriteAnswers,
    private readonly options: AnswerWriteBatcherOptions,
  ) {}

  write(tenantId: string, write: AnswerWrite): Promise<AnswerWriteOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(tenantId);
      if (queue) queue.push({ write, resolve, reject });
      else this.waiting.set(tenantId, [{ write, resolve, reject }]);
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxConcurrentBatches && this.waiting.size > 0) {
      const [tenantId, queue] = this.waiting.entries().next().value as [string, Waiting[]];
      const batch = queue.splice(0, this.options.maxBatchSize);
      // The tenant goes to the back of the line, with whatever it still has waiting.
      this.waiting.delete(tenantId);
      if (queue.length > 0) this.waiting.set(tenantId, queue);
      this.inFlight += 1;
      void this.writeBatch(tenantId, batch).finally(() => {
        this.inFlight -= 1;
        this.startBatches();
      });
    }
  }

  private async writeBatch(tenantId: string, batch: Waiting[]): Promise<void> {
    const shard = this.nextShard;
    this.nextShard = (this.nextShard + 1) % this.options.shards;
    this.options.observeBatch?.(batch.length);
    try {
      const outcomes = await this.writeAnswers(tenantId, shard, batch.map((waiting) => waiting.write));
      batch.forEach((waiting, index) => waiting.resolve(outcomes[index]));
    } catch (error) {
      // Nothing of a failed statement was stored. A lost connection fails every answer in it
      // (each caller decides again); any other error is tried one answer at a time, so one
      // answer PostgreSQL refuses cannot take the others of its batch down with it.
      if (batch.length === 1 || isConnectionLostError(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.writeAnswers(tenantId, shard, [waiting.write]).then(
          ([outcome]) => waiting.resolve(outcome),
          (alone: unknown) => waiting.reject(alone),
        );
      }
    }
  }
}

/** The one statement that writes a batch: `record_answers` (migration 1765600000000). */
export function writeAnswersTo(dataSource: DataSource, topic: string): WriteAnswers {
  return async (tenantId, shard, writes) => {
    const rows: { item: number; outcome: AnswerWriteOutcome }[] = await dataSource.query('SELECT item, outcome FROM record_answers($1::uuid, $2::int, $3::text, $4::jsonb)', [
      tenantId,
      shard,
      topic,
      JSON.stringify(writes.map((write, index) => ({ i: index, ...write }))),
    ]);
    const outcomes = new Map(rows.map((row) => [row.item, row.outcome]));
    if (outcomes.size !== writes.length || !writes.every((_, index) => outcomes.has(index))) throw new Error(`record_answers answered ${outcomes.size} outcomes for ${writes.length} answers`);
    return writes.map((_, index) => outcomes.get(index)!);
  };
}
