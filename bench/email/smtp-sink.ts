/**
 * The benchmark's SMTP server, in its own process (so it does not share the sender's core):
 * accepts every message, and records which deliveries arrived, to prove none was lost or
 * sent twice, and when the first and the last message arrived. Controlled over IPC by run.ts and
 * bench/dispatch-scaling: {type:'report'} → {received, uniqueDeliveries, duplicates, firstAt, lastAt} (epoch ms).
 */
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2] ?? 2530);
/** Every message names its delivery in a plain header (the body may be base64). */
const deliveryPattern = /X-Anpi-Delivery-Id: ([^\r\n]+)/i;
const seen = new Set<string>();
let received = 0;
let duplicates = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 1024 * 1024,
  onData: (stream, _session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      received += 1;
      lastAt = Date.now();
      firstAt ??= lastAt;
      const delivery = deliveryPattern.exec(Buffer.concat(chunks).toString('latin1'))?.[1].trim();
      if (delivery) {
        if (seen.has(delivery)) duplicates += 1;
        seen.add(delivery);
      }
      callback();
    });
  },
});

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
  if (message.type === 'stop') server.close(() => process.exit(0));
});
