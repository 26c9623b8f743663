/**
 * The benchmark's webhook receiver, in its own process like bench/email/smtp-sink.ts and with
 * the same ledger and IPC protocol (bench/email/delivery-ledger.ts): answers every signed POST with 204 at
 * once and records which deliveries arrived (the `x-anpi-delivery-id` header), so the run can
 * prove none was lost or sent twice. It stands for a provider with no cost of its own, which
 * leaves the dispatch path itself (fan-out, Kafka, claims, rendering, signing, recording) as
 * what is measured.
 */
import { createServer } from 'node:http';
import { DeliveryLedger, serveLedgerOverIpc } from '../email/delivery-ledger';

const port = Number(process.argv[2] ?? 2572);
const ledger = new DeliveryLedger();

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    const delivery = request.headers['x-anpi-delivery-id'];
    ledger.record(typeof delivery === 'string' ? delivery : undefined);
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port }));

serveLedgerOverIpc(ledger, (done) => {
  server.closeAllConnections();
  server.close(done);
});
