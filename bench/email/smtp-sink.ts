/**
 * The benchmark's SMTP server, in its own process (so it does not share the sender's core):
 * accepts every message, and records which deliveries arrived, to prove none was lost or
 * sent twice. Controlled over IPC by run.ts: {type:'report'} → {received, uniqueDeliveries, duplicates}.
 */
import { SMTPServer } from 'smtp-server';

const port = Number(process.argv[2] ?? 2530);
/** Every message names its delivery in a plain header (the body may be base64). */
const deliveryPattern = /X-Anpi-Delivery-Id: bench-(\d+)/i;
const seen = new Set<number>();
let received = 0;
let duplicates = 0;

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
      const link = deliveryPattern.exec(Buffer.concat(chunks).toString('latin1'));
      if (link) {
        const index = Number(link[1]);
        if (seen.has(index)) duplicates += 1;
        seen.add(index);
      }
      callback();
    });
  },
});

server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port }));

process.on('message', (message: { type: string }) => {
  if (message.type === 'report') process.send?.({ type: 'report', received, uniqueDeliveries: seen.size, duplicates });
  if (message.type === 'reset') {
    seen.clear();
    received = 0;
    duplicates = 0;
    process.send?.({ type: 'reset' });
  }
  if (message.type === 'stop') server.close(() => process.exit(0));
});
