import { runInTenantTransaction } from '@anpi/persistence';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AccountPersonalData } from '../accounts/account-emails';
import { LoginTenants } from '../accounts/login-tenants';
import { EmailedTokens } from '../emailed-tokens/emailed-tokens';
import { accountMails } from '../mail/account-mails';
import { OutgoingMails } from '../mail/outgoing-mail';
import { LinkSettings } from '../activation/account-activation-mail';

export const passwordResetRequestSchema = z.object({ tenant: z.string().min(1).max(63), email: z.string().min(3).max(254) }).strict();
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/**
 * "Forgot my password": a single-use, short-lived link to the address on file — only for an
 * active account. The caller gets the same 202 either way, so it reveals no account; the mail
 * leaves through the mail outbox, so the answer does not wait for SMTP either.
 */
export class RequestPasswordReset {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loginTenants: LoginTenants,
    private readonly personalData: AccountPersonalData,
    private readonly tokens: EmailedTokens,
    private readonly mails: OutgoingMails,
    private readonly settings: LinkSettings,
  ) {}

  async execute(request: PasswordResetRequest): Promise<void> {
    const tenantId = await this.loginTenants.idOfSlug(request.tenant);
    if (!tenantId) return;
    await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const account = await this.personalData.findByEmail(manager, tenantId, request.email);
      if (account?.status !== 'active') return;
      const token = await this.tokens.issue(manager, tenantId, account.id, 'password_reset', this.settings.ttlSeconds);
      const link = new URL(`/reset-password#token=${encodeURIComponent(token)}`, this.settings.consoleBaseUrl).toString();
      const mail = accountMails.passwordReset({
        to: this.personalData.emailOf(account),
        displayName: this.personalData.displayNameOf(account),
        link,
        validForMinutes: Math.round(this.settings.ttlSeconds / 60),
      });
      await this.mails.enqueue(manager, mail);
    });
  }
}
