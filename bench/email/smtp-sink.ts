/**
 * The benchmark's SMTP server, in its own process (so it does not share the sender's core):
 * accepts every message, and records which deliveries arrived, to prove none was lost or
 * sent twice, and when the first and the last message arrived. Controlled over IPC by run.ts and
 * bench/dispatch-scaling (see delivery-ledger.ts).
 */
import { SMTPServer } from 'smtp-server';
import { DeliveryLedger, serveLedgerOverIpc } from './delivery-ledger';

const port = Number(process.argv[2] ?? 2530);
/** Every message names its delivery in a plain header (the body may be base64). */
const deliveryPattern = /X-Anpi-Delivery-Id: ([^\r\n]+)/i;
const ledger = new DeliveryLedger();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 1024 * 1024,
  onData: (stream, _session, callback) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      ledger.record(deliveryPattern.exec(Buffer.concat(chunks).toString('latin1'))?.[1].trim());
      callback();
    });
  },
});

server.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening', port }));

serveLedgerOverIpc(ledger, (done) => server.close(done));
