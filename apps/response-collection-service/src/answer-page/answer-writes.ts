import { RunBatch } from '@anpi/persistence';
import { DataSource, EntityManager } from 'typeorm';

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

/**
 * The one statement that writes a batch of one tenant's answers: `record_answers` (migration
 * 1765600000000), one transaction for all of them. Each batch moves its counters on the next of
 * `shards` counter shards in turn, so concurrent batches never wait on each other's counter rows.
 */
export function writeAnswersTo(dataSource: DataSource, topic: string, shards: number): RunBatch<AnswerWrite, AnswerWriteOutcome> {
  let nextShard = 0;
  return (tenantId, writes) => {
    const shard = nextShard;
    nextShard = (nextShard + 1) % shards;
    return writeAnswersOnShard(dataSource, topic, tenantId, shard, writes);
  };
}

/** Outcomes in the order of `writes`. */
export async function writeAnswersOnShard(dataSource: Pick<DataSource, 'query'> | Pick<EntityManager, 'query'>, topic: string, tenantId: string, shard: number, writes: readonly AnswerWrite[]): Promise<AnswerWriteOutcome[]> {
  const rows: { item: number; outcome: AnswerWriteOutcome }[] = await dataSource.query('SELECT item, outcome FROM record_answers($1::uuid, $2::int, $3::text, $4::jsonb)', [
    tenantId,
    shard,
    topic,
    JSON.stringify(writes.map((write, index) => ({ i: index, ...write }))),
  ]);
  const outcomes = new Map(rows.map((row) => [row.item, row.outcome]));
  if (outcomes.size !== writes.length || !writes.every((_, index) => outcomes.has(index))) throw new Error(`record_answers answered ${outcomes.size} outcomes for ${writes.length} answers`);
  return writes.map((_, index) => outcomes.get(index)!);
}
