import { DisasterCancellationNoticeV1 } from '@anpi/contracts';
import { Mail } from '../mail/outgoing-mail';

/**
 * What the crisis team reads when JMA withdraws (取消) a report that triggered their safety
 * checks: which were stopped before sending, and which had already gone out — those need a
 * human word to the recipients, so the mail links their dashboards. Japanese first.
 */
export function cancellationMail(to: string, displayName: string, notice: DisasterCancellationNoticeV1, consoleBaseUrl: string): Mail {
  const dashboards = notice.alreadySentAlertIds.map((alertId) => `  ${new URL(`/alerts/${alertId}`, consoleBaseUrl).toString()}`);
  const sentJapanese = notice.alreadySentAlertIds.length === 0 ? [] : [`・送信済みの安否確認 ${notice.alreadySentAlertIds.length} 件: 必要に応じて対象者へ取り消しをお知らせください。`, ...dashboards];
  const sentEnglish = notice.alreadySentAlertIds.length === 0 ? [] : [`- ${notice.alreadySentAlertIds.length} safety check(s) had already been sent: tell the recipients if needed.`, ...dashboards];
  return {
    to,
    subject: `【Anpi】気象庁が情報を取り消しました / JMA withdrew a report (${notice.jmaEventId})`,
    text: [
      `${displayName} 様`,
      '',
      `気象庁が、安否確認のきっかけとなった情報を取り消しました（EventID ${notice.jmaEventId}）。`,
      `・未送信の安否確認 ${notice.closedAlertIds.length} 件を停止しました。`,
      ...sentJapanese,
      '',
      `The Japan Meteorological Agency withdrew the report that triggered your safety checks (EventID ${notice.jmaEventId}).`,
      `- ${notice.closedAlertIds.length} safety check(s) not yet sent were stopped.`,
      ...sentEnglish,
    ].join('\n'),
  };
}
