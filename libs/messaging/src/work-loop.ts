import type { Logger } from 'pino';

export interface WorkLoopOptions {
  /** Pause after a step that found nothing to do. */
  idlePollMs: number;
  /** Longest pause after consecutive failures (doubling from 200 ms). */
  maxBackoffMs: number;
  /** Told about each failure and the pause before the next try. */
  onFailure: (error: unknown, retryInMs: number) => void;
}

/**
 * Runs a step over and over in the background: straight on while it finds work, a short
 * pause when idle, growing pauses after failures. `wake()` cuts a pause short (new work was
 * just committed); `stop()` lets the step in flight finish. The outbox relay and the fan-out
 * worker both run on it.
 */
export class WorkLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private cutPause: (() => void) | undefined;

  constructor(
    private readonly step: () => Promise<boolean>,
    private readonly options: WorkLoopOptions,
  ) {}

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.cutPause?.();
    await this.loop;
  }

  wake(): void {
    this.cutPause?.();
  }

  private async run(): Promise<void> {
    let backoffMs = 0;
    while (this.running) {
      try {
        const worked = await this.step();
        backoffMs = 0;
        if (!worked) await this.pause(this.options.idlePollMs);
      } catch (error) {
        backoffMs = Math.min(this.options.maxBackoffMs, Math.max(200, backoffMs * 2));
        this.options.onFailure(error, backoffMs);
        await this.pause(backoffMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.cutPause = done;
    });
  }
}

export interface DuePassLoopOptions {
  /** Pause after a pass that handled nothing, and the longest pause after failures. */
  intervalMs: number;
  /** A shorter pause when idle, where due work must be seen sooner than failures are retried. */
  idlePollMs?: number;
  logger: Logger;
  /** Names the pass in the warning logged for each failure: "<what> failed; retried". */
  what: string;
}

/**
 * A loop over passes that each handle a batch of due rows and say how many (re-send rounds,
 * purges, progress reports): passes run straight on while they find rows, then one interval
 * apart; a failed pass is logged and the next waits up to one interval.
 */
export function duePassLoop(pass: () => Promise<number>, { intervalMs, idlePollMs = intervalMs, logger, what }: DuePassLoopOptions): WorkLoop {
  return new WorkLoop(async () => (await pass()) > 0, {
    idlePollMs,
    maxBackoffMs: intervalMs,
    onFailure: (error, retryInMs) => logger.warn({ err: error, retryInMs }, `${what} failed; retried`),
  });
}
