import { RunBatch, StatementBatcher } from './statement-batcher';

/** A statement per call that the test answers by hand; records what each call held. */
function manualStatements() {
  const calls: { group: string; items: string[]; finish: (results?: string[]) => void; fail: (error: unknown) => void }[] = [];
  const runBatch: RunBatch<string, string> = (group, items) =>
    new Promise((resolve, reject) => {
      calls.push({ group, items: [...items], finish: (results) => resolve(results ?? items.map((item) => `done:${item}`)), fail: reject });
    });
  return { calls, runBatch };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
const connectionLost = () => Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });

describe('StatementBatcher', () => {
  it('runs a lone item at once, without waiting for company', async () => {
    const { calls, runBatch } = manualStatements();
    const batcher = new StatementBatcher(runBatch, { maxBatchSize: 100, maxConcurrentBatches: 2 });

    const result = batcher.submit('t1', 'r1');
    expect(calls.map((call) => call.items)).toEqual([['r1']]);
    calls[0].finish(['closed']);
    await expect(result).resolves.toBe('closed');
  });

  it('puts the items that arrive while every statement is busy together in the next one, each caller told its own result', async () => {
    const { calls, runBatch } = manualStatements();
    const sizes: number[] = [];
    const batcher = new StatementBatcher(runBatch, { maxBatchSize: 100, maxConcurrentBatches: 1, observeBatch: (size) => sizes.push(size) });

    const first = batcher.submit('t1', 'r1');
    const later = ['r2', 'r3', 'r4'].map((item) => batcher.submit('t1', item));
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await first;
    await tick();
    expect(calls[1].items).toEqual(['r2', 'r3', 'r4']);
    calls[1].finish(['recorded', 'stale', 'closed']);
    await expect(Promise.all(later)).resolves.toEqual(['recorded', 'stale', 'closed']);
    expect(sizes).toEqual([1, 3]);
  });

  it('keeps groups apart, lets them take turns and caps a batch', async () => {
    const { calls, runBatch } = manualStatements();
    const batcher = new StatementBatcher(runBatch, { maxBatchSize: 2, maxConcurrentBatches: 1 });

    const results = [batcher.submit('t1', 'busy')];
    for (const [group, item] of [['t1', 'a1'], ['t1', 'a2'], ['t1', 'a3'], ['t2', 'b1']]) results.push(batcher.submit(group, item));
    for (let index = 0; index < 4; index += 1) {
      calls[index].finish();
      await tick();
    }
    await Promise.all(results);
    expect(calls.map((call) => [call.group, call.items])).toEqual([
      ['t1', ['busy']],
      ['t1', ['a1', 'a2']],
      ['t2', ['b1']],
      ['t1', ['a3']],
    ]);
  });

  it('fails every caller of a batch that answered a wrong number of results', async () => {
    const batcher = new StatementBatcher<string, string>(async () => ['one'], { maxBatchSize: 10, maxConcurrentBatches: 1 });

    const busy = batcher.submit('t1', 'first');
    const waiting = [batcher.submit('t1', 'r1'), batcher.submit('t1', 'r2')];
    await busy;
    await expect(Promise.allSettled(waiting)).resolves.toEqual([
      { status: 'rejected', reason: new Error('a batch of 2 answered 1 results') },
      { status: 'rejected', reason: new Error('a batch of 2 answered 1 results') },
    ]);
  });

  describe('when a statement of several items is refused', () => {
    const refusingBad: RunBatch<string, string> = async (_group, items) => {
      if (items.includes('bad')) throw new Error('invalid input syntax');
      return items.map(() => 'recorded');
    };
    const submitFour = (batcher: StatementBatcher<string, string>) =>
      Promise.allSettled([batcher.submit('t1', 'first'), batcher.submit('t1', 'good'), batcher.submit('t1', 'bad'), batcher.submit('t1', 'also-good')]);

    it('tries its items one by one when asked to, so one bad item fails alone', async () => {
      const results = await submitFour(new StatementBatcher(refusingBad, { maxBatchSize: 10, maxConcurrentBatches: 1, retryFailedBatchItemByItem: true }));
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    });

    it('fails all its items otherwise', async () => {
      const results = await submitFour(new StatementBatcher(refusingBad, { maxBatchSize: 10, maxConcurrentBatches: 1 }));
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected']);
    });
  });

  it('fails every item of a statement whose connection was lost (each caller decides again) without trying them alone', async () => {
    const { calls, runBatch } = manualStatements();
    const batcher = new StatementBatcher(runBatch, { maxBatchSize: 10, maxConcurrentBatches: 1, retryFailedBatchItemByItem: true });

    const busy = batcher.submit('t1', 'first');
    const waiting = [batcher.submit('t1', 'r1'), batcher.submit('t1', 'r2')];
    calls[0].finish();
    await busy;
    await tick();
    calls[1].fail(connectionLost());
    await expect(Promise.allSettled(waiting)).resolves.toEqual([expect.objectContaining({ status: 'rejected' }), expect.objectContaining({ status: 'rejected' })]);
    expect(calls).toHaveLength(2);
  });
});
