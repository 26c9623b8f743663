/**
 * A dispatch process exactly as main.ts starts it, except that its webhook channel hands every
 * message to an in-process sink: an adapter that accepts it at once and records its delivery id
 * (the ledger and IPC protocol of bench/email/delivery-ledger.ts). Everything in front of the
 * adapter — Kafka, claims, recipients' contacts, answer links, rendering, the resilience wrapper
 * with its breaker and the cross-pod rate limit, the recorded outcomes and their events — runs
 * as in production; only the provider's own cost is gone. This is the "sink channel" of the
 * fan-out aim (issue 5): how many recipients per second the dispatch path itself moves.
 */
import 'reflect-metadata';
import { startAlertDispatchService } from '../../apps/alert-dispatch-service/src/alert-dispatch-service-app';
import { ChannelAdapter, ChannelMessage, DeliveryOutcome, sent, vendorAdapterFactories } from '../../apps/alert-dispatch-service/src/channels';
import { loadAlertDispatchServiceConfig } from '../../apps/alert-dispatch-service/src/config';
import { DeliveryLedger, serveLedgerOverIpc } from '../email/delivery-ledger';

class SinkChannelAdapter implements ChannelAdapter {
  readonly kind = 'webhook' as const;

  constructor(private readonly ledger: DeliveryLedger) {}

  providerFor() {
    return { channel: this.kind, host: 'sink.invalid', account: 'bench' };
  }

  async send(message: ChannelMessage): Promise<DeliveryOutcome> {
    this.ledger.record(message.deliveryId);
    return sent(`sink-${message.deliveryId}`);
  }

  async close(): Promise<void> {}
}

const ledger = new DeliveryLedger();
const sink = new SinkChannelAdapter(ledger);

startAlertDispatchService(loadAlertDispatchServiceConfig(), { channelAdapterFactories: { ...vendorAdapterFactories, webhook: () => sink } }).then(
  (app) => serveLedgerOverIpc(ledger, (done) => void app.close().then(done, done)),
  (error: unknown) => {
    process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
