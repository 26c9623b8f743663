import { noticeMail } from './notice-mails';

describe('noticeMail', () => {
  const notice = {
    tenantId: '11111111-1111-4111-8111-111111111111',
    noticeId: '22222222-2222-4222-8222-222222222222',
    kind: 'incident' as const,
    title: 'メール配信の遅延',
    body: '現在、メール配信が遅延しています。',
    postedAt: '2026-11-26T06:00:00.000Z',
  };

  it("addresses the administrator by name and carries the operator's words, Japanese first", () => {
    const mail = noticeMail('admin@acme.example', '佐藤 花子', notice);
    expect(mail).toEqual({ to: 'admin@acme.example', subject: '【Anpi】障害のお知らせ / Incident notice: メール配信の遅延', text: expect.any(String) });
    expect(mail.text.split('\n')[0]).toBe('佐藤 花子 様');
    expect(mail.text).toContain(notice.body);
    expect(mail.text.indexOf('運営者')).toBeLessThan(mail.text.indexOf('Notice from the operators'));
  });

  it('names a maintenance notice as such', () => {
    expect(noticeMail('a@b.example', 'A', { ...notice, kind: 'maintenance' }).subject).toContain('メンテナンスのお知らせ / Maintenance notice');
  });
});
