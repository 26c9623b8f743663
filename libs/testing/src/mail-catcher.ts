import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  recipients: string[];
  raw: string;
  /** Every MIME part, transfer-decoded (nodemailer writes base64 or quoted-printable). */
  text: string;
}

/**
 * A real SMTP server on loopback that keeps what it receives: the "mailbox" of tests and of
 * the local demo stack. No TLS, no authentication — never for anything but 127.0.0.1.
 */
export class MailCatcher {
  readonly mails: CaughtMail[] = [];
  private server: SMTPServer | undefined;

  constructor(private readonly port = 0) {}

  get listeningPort(): number {
    return ((this.server?.server.address() as AddressInfo | null)?.port ?? this.port) as number;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      size: 5 * 1024 * 1024,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((recipient) => recipient.address),
            raw,
            text: decodedParts(raw).join('\n'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  mailsTo(address: string): CaughtMail[] {
    return this.mails.filter((mail) => mail.recipients.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Every MIME part of a raw message, transfer-decoded (nodemailer writes base64 or quoted-printable). */
export function decodedParts(raw: string): string[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const sections = boundary ? raw.split(`--${boundary}`).slice(1, -1) : [raw];
  return sections.map((section) => {
    const separator = section.indexOf('\r\n\r\n');
    const headers = section.slice(0, separator).toLowerCase();
    const body = section.slice(separator + 4);
    if (headers.includes('content-transfer-encoding: base64')) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (headers.includes('content-transfer-encoding: quoted-printable')) {
      const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    }
    return body;
  });
}
