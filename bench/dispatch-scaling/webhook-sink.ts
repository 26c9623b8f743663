/**
 * The benchmark's webhook receiver, in its own process like bench/email/smtp-sink.ts and with
 * the same IPC protocol ({type:'report'|'reset'|'stop'}): answers every signed POST with 204 at
 * once and records which deliveries arrived (the `x-anpi-delivery-id` header), so the run can
 * prove none was lost or sent twice. It stands for a provider with no cost of its own, which
 * leaves the dispatch path itself (fan-out, Kafka, claims, rendering, signing, recording) as
 * what is measured.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 2572);
const seen = new Set<string>();
let received = 0;
let duplicates = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    received += 1;
    lastAt = Date.now();
    firstAt ??= lastAt;
    const delivery = request.headers['x-anpi-delivery-id'];
    if (typeof delivery === 'string') {
      if (seen.has(delivery)) duplicates += 1;
      seen.add(delivery);
    }
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port }));

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') process.send?.({ type: 'report', received, uniqueDeliveries: seen.size, duplicates, firstAt, lastAt });
  if (message.type === 'reset') {
    seen.clear();
    received = 0;
    duplicates = 0;
    firstAt = null;
    lastAt = null;
    process.send?.({ type: 'reset' });
  }
  if (message.type === 'stop') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
