import { AnswerWrite, AnswerWriteBatcher, AnswerWriteOutcome, WriteAnswers } from './answer-write-batcher';

const write = (recipient: string): AnswerWrite => ({
  alert: 'a',
  recipient,
  answers: { safety: 'safe' },
  at: '2026-11-27T00:00:00.000Z',
  rev: 0,
  bucket: 0,
  choices: [],
  responded: [],
  breakdown: [],
  event_id: recipient,
  message_key: 'a',
  envelope: {},
});

/** A statement per call that the test completes by hand; records what each call held. */
function manualStatements() {
  const calls: { tenantId: string; shard: number; recipients: string[]; finish: (outcomes?: AnswerWriteOutcome[]) => void; fail: (error: unknown) => void }[] = [];
  const writeAnswers: WriteAnswers = (tenantId, shard, writes) =>
    new Promise((resolve, reject) => {
      calls.push({
        tenantId,
        shard,
        recipients: writes.map((item) => item.recipient),
        finish: (outcomes) => resolve(outcomes ?? writes.map(() => 'recorded')),
        fail: reject,
      });
    });
  return { calls, writeAnswers };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('AnswerWriteBatcher', () => {
  it('writes a lone answer at once, without waiting for company', async () => {
    const { calls, writeAnswers } = manualStatements();
    const batcher = new AnswerWriteBatcher(writeAnswers, { maxBatchSize: 100, maxConcurrentBatches: 2, shards: 32 });

    const outcome = batcher.write('t1', write('r1'));
    expect(calls.map((call) => call.recipients)).toEqual([['r1']]);
    calls[0].finish(['closed']);
    await expect(outcome).resolves.toBe('closed');
  });

  it('writes the answers that arrive while every statement is busy together in the next one, each caller told its own outcome', async () => {
    const { calls, writeAnswers } = manualStatements();
    const sizes: number[] = [];
    const batcher = new AnswerWriteBatcher(writeAnswers, { maxBatchSize: 100, maxConcurrentBatches: 1, shards: 32, observeBatch: (size) => sizes.push(size) });

    const first = batcher.write('t1', write('r1'));
    const later = ['r2', 'r3', 'r4'].map((recipient) => batcher.write('t1', write(recipient)));
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await first;
    await tick();
    expect(calls[1].recipients).toEqual(['r2', 'r3', 'r4']);
    calls[1].finish(['recorded', 'stale', 'closed']);
    await expect(Promise.all(later)).resolves.toEqual(['recorded', 'stale', 'closed']);
    expect(sizes).toEqual([1, 3]);
  });

  it('keeps tenants apart, lets them take turns, caps a batch and rotates the counter shard', async () => {
    const { calls, writeAnswers } = manualStatements();
    const batcher = new AnswerWriteBatcher(writeAnswers, { maxBatchSize: 2, maxConcurrentBatches: 1, shards: 3 });

    const writes = [batcher.write('t1', write('busy'))];
    for (const [tenant, recipient] of [['t1', 'a1'], ['t1', 'a2'], ['t1', 'a3'], ['t2', 'b1']]) writes.push(batcher.write(tenant, write(recipient)));
    for (let index = 0; index < 4; index += 1) {
      calls[index].finish();
      await tick();
    }
    await Promise.all(writes);
    expect(calls.map((call) => [call.tenantId, call.shard, call.recipients])).toEqual([
      ['t1', 0, ['busy']],
      ['t1', 1, ['a1', 'a2']],
      ['t2', 2, ['b1']],
      ['t1', 0, ['a3']],
    ]);
  });

  it('tries the answers of a refused statement one by one, so one bad answer fails alone', async () => {
    const writeAnswers: WriteAnswers = async (_tenant, _shard, writes) => {
      if (writes.some((item) => item.recipient === 'bad')) throw new Error('invalid input syntax');
      return writes.map(() => 'recorded');
    };
    const batcher = new AnswerWriteBatcher(writeAnswers, { maxBatchSize: 10, maxConcurrentBatches: 1, shards: 32 });

    const busy = batcher.write('t1', write('first'));
    const results = await Promise.allSettled([busy, batcher.write('t1', write('good')), batcher.write('t1', write('bad')), batcher.write('t1', write('also-good'))]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  });

  it('fails every answer of a statement whose connection was lost (each caller decides again) without trying them alone', async () => {
    const { calls, writeAnswers } = manualStatements();
    const batcher = new AnswerWriteBatcher(writeAnswers, { maxBatchSize: 10, maxConcurrentBatches: 1, shards: 32 });

    const busy = batcher.write('t1', write('first'));
    const waiting = [batcher.write('t1', write('r1')), batcher.write('t1', write('r2'))];
    calls[0].finish();
    await busy;
    await tick();
    calls[1].fail(Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' }));
    await expect(Promise.allSettled(waiting)).resolves.toEqual([expect.objectContaining({ status: 'rejected' }), expect.objectContaining({ status: 'rejected' })]);
    expect(calls).toHaveLength(2);
  });
});
