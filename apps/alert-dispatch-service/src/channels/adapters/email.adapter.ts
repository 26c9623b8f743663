import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { ChannelAdapter, ChannelMessage, DeliveryOutcome, FailedOutcome, ProviderFailureKind, ProviderIdentity, permanentFailure, sent, transientFailure } from '../channel';
import { EmailChannelSettings } from '../tenant-channel-settings';
import { EMAIL_SUBJECT_MAX_CHARACTERS, characterCount } from '../../templates/channel-limits';
import { emailHtmlFromText } from './email-html';
import { MailSender, composeSafetyCheckMail, emailAddress, parseMailSender } from './safety-check-mail';

/** What an SMTP error says about retrying: 5xx replies are final, 4xx and broken connections are not. */
const permanentReplyKinds: ReadonlyArray<{ codes: number[]; kind: ProviderFailureKind }> = [
  { codes: [530, 534, 535], kind: 'rejected-credentials' },
  { codes: [550, 551, 553, 556], kind: 'rejected-recipient' },
];
const connectionFailureKinds: ReadonlyMap<string, ProviderFailureKind> = new Map([['ETIMEDOUT', 'timeout']]);

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * E-mail over SMTP through a pooled nodemailer transport: up to `maxConnections` connections
 * per tenant's server, each reused for `maxMessages` messages (no TCP+TLS+AUTH per mail).
 */
export class EmailAdapter implements ChannelAdapter {
  readonly kind = 'email' as const;
  private readonly transport: Transporter<SMTPPool.SentMessageInfo>;
  private readonly provider: ProviderIdentity;
  private readonly sender: MailSender | undefined;

  constructor(
    settings: EmailChannelSettings,
    options: { maxConnections: number; maxMessages: number; timeoutMs: number },
  ) {
    this.transport = createTransport({
      pool: true,
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.auth,
      maxConnections: options.maxConnections,
      maxMessages: options.maxMessages,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    this.provider = { channel: 'email', host: `${settings.host}:${settings.port}`, account: settings.auth?.user ?? settings.from };
    this.sender = parseMailSender(settings.from);
  }

  providerFor(): ProviderIdentity {
    return this.provider;
  }

  // nodemailer cannot abort a message once handed to the pool; the resilience wrapper's timeout
  // stops waiting for it, and the pool's socket timeout ends the connection.
  async send(message: ChannelMessage, _signal: AbortSignal): Promise<DeliveryOutcome> {
    if (!emailAddress.safeParse(message.recipientAddress).success) return permanentFailure('rejected-recipient', 'not an e-mail address');
    if (characterCount(message.subject) > EMAIL_SUBJECT_MAX_CHARACTERS) {
      return permanentFailure('rejected-message', `e-mail subject is longer than ${EMAIL_SUBJECT_MAX_CHARACTERS} characters`);
    }
    if (!this.sender) return permanentFailure('rejected-message', 'the tenant’s sender (from) is not one e-mail address');
    const { messageId, raw } = composeSafetyCheckMail(
      this.sender,
      { deliveryId: message.deliveryId, to: message.recipientAddress, subject: message.subject, text: message.body, html: emailHtmlFromText(message.body, message.answerUrl, message.language) },
      new Date(),
    );
    try {
      // messageId only spares nodemailer drawing a random one of its own; a raw message goes out as it is.
      const info = await this.transport.sendMail({ envelope: { from: this.sender.address, to: [message.recipientAddress] }, raw, messageId });
      return info.rejected.length > 0 ? permanentFailure('rejected-recipient', `server refused the recipient: ${info.response}`) : sent(messageId);
    } catch (error) {
      return failureForSmtpError(error as SmtpError);
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

export function failureForSmtpError(error: SmtpError): FailedOutcome {
  const reason = `SMTP ${error.responseCode ?? error.code ?? 'error'}: ${(error.message ?? '').slice(0, 200)}`;
  const replyCode = error.responseCode;
  if (replyCode === undefined) {
    // No reply from the server: the connection failed, unless the server cannot authenticate us at all.
    return error.code === 'EAUTH' ? permanentFailure('rejected-credentials', reason) : transientFailure(connectionFailureKinds.get(error.code ?? '') ?? 'network', reason);
  }
  if (replyCode < 500) return transientFailure('server-error', reason);
  const known = permanentReplyKinds.find((entry) => entry.codes.includes(replyCode));
  return permanentFailure(known?.kind ?? 'rejected-message', reason);
}
