import { TenantNoticePostedV1 } from '@anpi/contracts';
import { EntityManager } from 'typeorm';
import { Account } from '../accounts/account.entity';
import { AccountPersonalData } from '../accounts/account-emails';
import { Mail, OutgoingMails } from '../mail/outgoing-mail';

const kindLabels = { incident: ['障害', 'Incident'], maintenance: ['メンテナンス', 'Maintenance'] } as const;

/** Japanese first, English below, like every mail of auth-service. The words are the operator's. */
export function noticeMail(to: string, displayName: string, notice: TenantNoticePostedV1): Mail {
  const [japanese, english] = kindLabels[notice.kind];
  return {
    to,
    subject: `【Anpi】${japanese}のお知らせ / ${english} notice: ${notice.title}`,
    text: [
      `${displayName} 様`,
      '',
      `安否確認サービス Anpi の運営者からのお知らせです (${notice.postedAt})。`,
      `Notice from the operators of your Anpi service (${notice.postedAt}):`,
      '',
      notice.title,
      '',
      notice.body,
    ].join('\n'),
  };
}

/**
 * E-mails an operator's notice to the active owners and admins of the tenant the event names,
 * in the consumer's tenant-bound transaction: queued exactly when the event is consumed.
 */
export class NoticeMails {
  constructor(
    private readonly personalData: AccountPersonalData,
    private readonly mails: OutgoingMails,
  ) {}

  async send(manager: EntityManager, notice: TenantNoticePostedV1): Promise<number> {
    const administrators = await manager.getRepository(Account).find({ where: [{ tenantId: notice.tenantId, status: 'active', role: 'owner' }, { tenantId: notice.tenantId, status: 'active', role: 'admin' }] });
    for (const account of administrators) {
      await this.mails.enqueue(manager, noticeMail(this.personalData.emailOf(account), this.personalData.displayNameOf(account), notice));
    }
    return administrators.length;
  }
}
