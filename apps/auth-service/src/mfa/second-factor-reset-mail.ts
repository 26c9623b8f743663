import { Mail } from '../mail/outgoing-mail';

export interface SecondFactorResetNotice {
  to: string;
  displayName: string;
}

/**
 * Tells the person their second factor was reset: a reset they did not ask for (an owner's
 * account misused) must not go unnoticed. It carries no link and no secret; Japanese first,
 * English below, like the other mails of auth-service.
 */
export function secondFactorResetMail({ to, displayName }: SecondFactorResetNotice): Mail {
  return {
    to,
    subject: '【Anpi】2段階認証がリセットされました / Your two-step verification was reset',
    text: [
      `${displayName} 様`,
      '',
      '貴社のオーナーが、あなたの Anpi アカウントの2段階認証（認証アプリとリカバリーコード）をリセットしました。',
      'ログイン中のセッションはすべて終了しました。次回ログインするときに、2段階認証をもう一度設定してください。',
      '心当たりがない場合は、すぐに貴社のオーナーに連絡してください。',
      '',
      "An owner of your company reset the two-step verification of your Anpi account (authenticator app and recovery codes).",
      'All your sessions have ended. Set up two-step verification again the next time you log in.',
      "If you did not ask for this, tell your company's owner at once.",
    ].join('\n'),
  };
}
