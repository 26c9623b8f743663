/**
 * The benchmark's push service, in its own process (so it does not share the sender's core):
 * answers every POST with 201 as FCM or Mozilla do, and counts which subscriptions were pushed
 * and whether each request carried the VAPID authorization and an aes128gcm body. Controlled
 * over IPC by run.ts.
 */
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 2540);
let received = 0;
let unauthorized = 0;
let perSubscription = new Map<string, number>();

const server = createServer((request, response) => {
  let bytes = 0;
  request.on('data', (chunk: Buffer) => (bytes += chunk.length));
  request.on('end', () => {
    received += 1;
    if (!String(request.headers.authorization).startsWith('vapid t=') || request.headers['content-encoding'] !== 'aes128gcm' || bytes === 0) unauthorized += 1;
    perSubscription.set(request.url ?? '', (perSubscription.get(request.url ?? '') ?? 0) + 1);
    response.writeHead(201, { location: `${request.url}/message` }).end();
  });
});
server.keepAliveTimeout = 60_000;

server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port }));

process.on('message', (message: { type: string }) => {
  if (message.type === 'reset') {
    received = 0;
    unauthorized = 0;
    perSubscription = new Map();
    process.send?.({ type: 'reset' });
  } else if (message.type === 'report') {
    process.send?.({ type: 'report', received, unauthorized, subscriptions: perSubscription.size, perSubscription: [...new Set(perSubscription.values())] });
  } else if (message.type === 'stop') {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  }
});
