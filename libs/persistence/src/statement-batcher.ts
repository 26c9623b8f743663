import { isConnectionLostError } from './database-failover';

/** Runs one group's items in one statement; results in the order of the items. */
export type RunBatch<Item, Result> = (group: string, items: readonly Item[]) => Promise<Result[]>;

export interface StatementBatcherOptions {
  /** Items in one statement at most. */
  maxBatchSize: number;
  /** Statements in flight at once (each holds a pooled connection until it is answered). */
  maxConcurrentBatches: number;
  /** Told the size of every batch run (a metric). */
  observeBatch?: (size: number) => void;
  /**
   * When a statement of several items fails for a reason other than a lost connection, run its
   * items one at a time, so that one item PostgreSQL refuses cannot take the others down with it.
   * For statements that change data, this is only safe because a failed statement stored nothing.
   */
  retryFailedBatchItemByItem?: boolean;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit, for reads and writes alike. A statement starts at once while fewer than
 * `maxConcurrentBatches` are in flight, so a lone caller waits for nothing; under load the
 * items that arrive while the connections are busy go together into the next statement. On
 * this kind of machine a round trip to PostgreSQL costs more CPU (in the kernel, on both
 * sides) than the work of one small statement, so sharing round trips is what lets more
 * requests through. Every caller is answered only once the statement holding its item was
 * answered. Items of different groups (tenants: row-level security binds one per statement)
 * never share a statement; groups take turns.
 */
export class StatementBatcher<Item, Result> {
  /** Per group, oldest first; a Map keeps the order in which groups started waiting. */
  private readonly waiting = new Map<string, Waiting<Item, Result>[]>();
  private inFlight = 0;

  constructor(
    private readonly runBatch: RunBatch<Item, Result>,
    private readonly options: StatementBatcherOptions,
  ) {}

  submit(group: string, item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(group);
      if (queue) queue.push({ item, resolve, reject });
      else this.waiting.set(group, [{ item, resolve, reject }]);
      this.startBatches();
    });
  }

  private startBatches(): void {
    while (this.inFlight < this.options.maxConcurrentBatches && this.waiting.size > 0) {
      const [group, queue] = this.waiting.entries().next().value as [string, Waiting<Item, Result>[]];
      const batch = queue.splice(0, this.options.maxBatchSize);
      // The group goes to the back of the line, with whatever it still has waiting.
      this.waiting.delete(group);
      if (queue.length > 0) this.waiting.set(group, queue);
      this.inFlight += 1;
      void this.run(group, batch).finally(() => {
        this.inFlight -= 1;
        this.startBatches();
      });
    }
  }

  private async run(group: string, batch: Waiting<Item, Result>[]): Promise<void> {
    this.options.observeBatch?.(batch.length);
    try {
      const results = await this.runBatch(group, batch.map((waiting) => waiting.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} answered ${results.length} results`);
      batch.forEach((waiting, index) => waiting.resolve(results[index]));
    } catch (error) {
      if (batch.length === 1 || !this.options.retryFailedBatchItemByItem || isConnectionLostError(error)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      for (const waiting of batch) {
        await this.runBatch(group, [waiting.item]).then(
          ([result]) => waiting.resolve(result),
          (alone: unknown) => waiting.reject(alone),
        );
      }
    }
  }
}
