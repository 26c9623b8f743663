import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { OutgoingMails } from './outgoing-mail';

const POLL_INTERVAL_MS = 1_000;
const BATCH_SIZE = 20;
const MAX_RETRY_DELAY_SECONDS = 600;

interface DueMail {
  id: string;
  envelope_cipher: string;
  attempts: number;
}

/**
 * Sends queued mails over SMTP. `FOR UPDATE SKIP LOCKED` lets every replica relay without
 * sending a mail twice; a failed send is retried with a growing delay, and the row — with
 * its single-use link — is deleted as soon as the SMTP server accepted the mail.
 */
export class MailRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: Transporter,
    private readonly mails: OutgoingMails,
    private readonly from: string,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.transport.close();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sendDueMails()
        .catch((error: unknown) => this.logger.warn(`mail relay pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.schedule());
    }, POLL_INTERVAL_MS);
  }

  async sendDueMails(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const due: DueMail[] = await manager.query(
        `SELECT id, envelope_cipher, attempts FROM outgoing_mails WHERE next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT ${BATCH_SIZE} FOR UPDATE SKIP LOCKED`,
      );
      for (const row of due) {
        try {
          const mail = this.mails.open(row.id, row.envelope_cipher);
          // base64: the text is mostly Japanese, for which it is shorter than quoted-printable.
          await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text, textEncoding: 'base64' });
          await manager.query('DELETE FROM outgoing_mails WHERE id = $1', [row.id]);
        } catch (error) {
          const delaySeconds = Math.min(MAX_RETRY_DELAY_SECONDS, 2 ** row.attempts * 5);
          await manager.query(
            `UPDATE outgoing_mails SET attempts = attempts + 1, last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
            [row.id, error instanceof Error ? error.message.slice(0, 500) : 'unknown error', delaySeconds],
          );
        }
      }
    });
  }
}
