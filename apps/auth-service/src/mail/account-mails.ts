import { Mail } from './outgoing-mail';

export interface LinkMail {
  to: string;
  displayName: string;
  link: string;
  validForMinutes: number;
}

/** The mails auth-service sends; Japanese first, English below, like the console. */
export const accountMails = {
  activation: ({ to, displayName, link, validForMinutes }: LinkMail): Mail => ({
    to,
    subject: '【Anpi】アカウントの有効化 / Activate your Anpi account',
    text: [
      `${displayName} 様`,
      '',
      '安否確認サービス Anpi のアカウントが作成されました。次のリンクからパスワードを設定してください。',
      link,
      `このリンクは ${validForMinutes} 分間、一度だけ有効です。`,
      '',
      'An Anpi account was created for you. Set your password here (single use, valid for',
      `${validForMinutes} minutes):`,
      link,
    ].join('\n'),
  }),
  passwordReset: ({ to, displayName, link, validForMinutes }: LinkMail): Mail => ({
    to,
    subject: '【Anpi】パスワードの再設定 / Reset your Anpi password',
    text: [
      `${displayName} 様`,
      '',
      'パスワード再設定の依頼を受け付けました。次のリンクから新しいパスワードを設定してください。',
      link,
      `このリンクは ${validForMinutes} 分間、一度だけ有効です。心当たりがない場合はこのメールを破棄してください。`,
      '',
      `Someone asked to reset your password. Use this link (single use, valid for ${validForMinutes} minutes):`,
      link,
      'If it was not you, ignore this mail.',
    ].join('\n'),
  }),
};
