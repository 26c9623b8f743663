import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AccountPersonalData } from '../accounts/account-emails';
import { Mail, OutgoingMails } from './outgoing-mail';

/**
 * Mails something to every active owner and admin of a tenant (its crisis team), in the
 * caller's tenant-bound transaction: queued exactly when the event that asked for it is consumed.
 */
export class AdministratorMails {
  constructor(
    private readonly personalData: AccountPersonalData,
    private readonly mails: OutgoingMails,
  ) {}

  async send(manager: EntityManager, tenantId: string, compose: (to: string, displayName: string) => Mail): Promise<number> {
    const administrators = await manager.getRepository(Account).find({ where: [{ tenantId, status: 'active', role: 'owner' }, { tenantId, status: 'active', role: 'admin' }] });
    for (const account of administrators) {
      await this.mails.enqueue(manager, compose(this.personalData.emailOf(account), this.personalData.displayNameOf(account)));
    }
    return administrators.length;
  }
}
