import { TenantNoticePostedV1 } from '@anpi/contracts';
import { Mail } from '../mail/outgoing-mail';

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
