import { EntityManager } from 'typeorm';
import { EmailedTokens } from '../emailed-tokens/emailed-tokens';
import { accountMails } from '../mail/account-mails';
import { OutgoingMails } from '../mail/outgoing-mail';

export interface MailRecipient {
  tenantId: string;
  accountId: string;
  email: string;
  displayName: string;
}

export interface LinkSettings {
  consoleBaseUrl: string;
  ttlSeconds: number;
}

/** Issues an account's activation token and queues the mail carrying its link, in one transaction. */
export class AccountActivationMail {
  constructor(
    private readonly tokens: EmailedTokens,
    private readonly mails: OutgoingMails,
    private readonly settings: LinkSettings,
  ) {}

  async send(manager: EntityManager, recipient: MailRecipient): Promise<void> {
    const token = await this.tokens.issue(manager, recipient.tenantId, recipient.accountId, 'activation', this.settings.ttlSeconds);
    const link = new URL(`/activate#token=${encodeURIComponent(token)}`, this.settings.consoleBaseUrl).toString();
    await this.mails.enqueue(
      manager,
      accountMails.activation({ to: recipient.email, displayName: recipient.displayName, link, validForMinutes: Math.round(this.settings.ttlSeconds / 60) }),
    );
  }
}
