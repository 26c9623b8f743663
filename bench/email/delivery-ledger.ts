/**
 * What a benchmark sink (SMTP or webhook, each in its own process) remembers of the deliveries
 * it received — to prove none was lost or sent twice, and when the first and the last arrived —
 * and the IPC protocol the benchmarks drive it with: {type:'report'} → {type:'report', received,
 * uniqueDeliveries, duplicates, firstAt, lastAt} (epoch ms); {type:'reset'}; {type:'stop'}.
 */
export class DeliveryLedger {
  private readonly seen = new Set<string>();
  private received = 0;
  private duplicates = 0;
  private firstAt: number | null = null;
  private lastAt: number | null = null;

  /** One message arrived; `deliveryId` is the delivery it names, if it names one. */
  record(deliveryId: string | undefined): void {
    this.received += 1;
    this.lastAt = Date.now();
    this.firstAt ??= this.lastAt;
    if (!deliveryId) return;
    if (this.seen.has(deliveryId)) this.duplicates += 1;
    this.seen.add(deliveryId);
  }

  report() {
    return { received: this.received, uniqueDeliveries: this.seen.size, duplicates: this.duplicates, firstAt: this.firstAt, lastAt: this.lastAt };
  }

  reset(): void {
    this.seen.clear();
    this.received = 0;
    this.duplicates = 0;
    this.firstAt = null;
    this.lastAt = null;
  }
}

/** Answers the benchmark's messages on this process's IPC channel; `stop` closes the server first. */
export function serveLedgerOverIpc(ledger: DeliveryLedger, stopServer: (done: () => void) => void): void {
  process.on('message', (message: { type: string }) => {
    if (message.type === 'report') process.send?.({ type: 'report', ...ledger.report() });
    if (message.type === 'reset') {
      ledger.reset();
      process.send?.({ type: 'reset' });
    }
    if (message.type === 'stop') stopServer(() => process.exit(0));
  });
}
