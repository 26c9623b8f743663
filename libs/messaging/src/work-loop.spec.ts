import type { Logger } from 'pino';
import { WorkLoop, duePassLoop } from './work-loop';

describe('WorkLoop', () => {
  it('works straight on while there is work, pauses when idle, and is woken early', async () => {
    const calls: number[] = [];
    let work = 3;
    const loop = new WorkLoop(async () => (calls.push(Date.now()), work-- > 0), { idlePollMs: 10_000, maxBackoffMs: 1_000, onFailure: () => undefined });
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(4); // three with work, one that found none, then a long pause
    work = 1;
    loop.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toHaveLength(6);
    await loop.stop();
    expect(loop.isRunning).toBe(false);
  });

  it('backs off after failures and reports each one', async () => {
    const pauses: number[] = [];
    let failures = 2;
    const loop = new WorkLoop(
      async () => {
        if (failures-- > 0) throw new Error('database away');
        return false;
      },
      { idlePollMs: 10_000, maxBackoffMs: 300, onFailure: (_error, retryInMs) => pauses.push(retryInMs) },
    );
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await loop.stop();
    expect(pauses).toEqual([200, 300]);
  });
});

describe('duePassLoop', () => {
  it('passes straight on while a pass handles rows, and logs each failure by name', async () => {
    const handled = [2, 1, 0];
    const warnings: string[] = [];
    const logger = { warn: (_fields: unknown, message: string) => warnings.push(message) } as unknown as Logger;
    let passes = 0;
    const loop = duePassLoop(
      async () => {
        passes += 1;
        if (passes === 1) throw new Error('database away');
        return handled.shift() ?? 0;
      },
      { intervalMs: 10_000, logger, what: 'test pass' },
    );
    loop.start();
    await new Promise((resolve) => setTimeout(resolve, 400));
    await loop.stop();
    expect(warnings).toEqual(['test pass failed; retried']);
    expect(passes).toBe(4); // failed; after the 200 ms back-off 2, 1, then 0 and a pause of one interval
  });
});
