import { cancellationMail } from './cancellation-mail';

describe('cancellationMail', () => {
  const stopped = '11111111-1111-4111-8111-111111111111';
  const sent = '22222222-2222-4222-8222-222222222222';

  it('says what was stopped and links the dashboards of what had already gone out', () => {
    const mail = cancellationMail('admin@acme.example', '佐藤 花子', { jmaEventId: '20110311144640', closedAlertIds: [stopped], alreadySentAlertIds: [sent] }, 'https://anpi.example.co.jp');
    expect(mail.subject).toBe('【Anpi】気象庁が情報を取り消しました / JMA withdrew a report (20110311144640)');
    expect(mail.text.split('\n')[0]).toBe('佐藤 花子 様');
    expect(mail.text).toContain('未送信の安否確認 1 件を停止しました');
    expect(mail.text).toContain('送信済みの安否確認 1 件');
    expect(mail.text).toContain(`https://anpi.example.co.jp/alerts/${sent}`);
    expect(mail.text).not.toContain(stopped);
  });

  it('does not mention sent checks when none had gone out', () => {
    const mail = cancellationMail('a@b.example', 'A', { jmaEventId: 'X', closedAlertIds: [stopped], alreadySentAlertIds: [] }, 'https://anpi.example.co.jp');
    expect(mail.text).not.toContain('送信済み');
    expect(mail.text).not.toContain('/alerts/');
  });
});
