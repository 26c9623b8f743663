import { MessagePreviews } from './message-previews';
import { TenantTemplates } from './tenant-templates';

describe('MessagePreviews', () => {
  const previews = new MessagePreviews({ answerLinks: { httpsBaseUrl: 'https://anpi.example', plainHttpBaseUrl: 'http://m.anpi.example' }, maxSmsSegments: 2 });
  const wording = { title: '地震', message: '回答してください', drill: false, companyName: 'テスト株式会社', allowPlainHttp: false };
  const withBodyInSms = TenantTemplates.from({ ja: { subject: '{{alertTitle}}', body: '{{alertBody}} {{answerUrl}}', shortBody: '{{alertBody}} {{answerUrl}}' } });

  it('renders every channel for a sample person with a link as long as a real one', () => {
    const channels = previews.preview(TenantTemplates.defaults(), { ...wording, language: 'ja', reminder: false });
    expect(channels.map((preview) => preview.channel)).toEqual(['email', 'web-push', 'sms', 'line', 'webhook']);
    const sms = channels.find((preview) => preview.channel === 'sms');
    expect(sms).toEqual({
      channel: 'sms',
      fits: true,
      subject: '【安否確認】地震',
      body: `【安否確認】テスト株式会社 回答してください https://anpi.example/a/${'x'.repeat(43)}`,
      // A Japanese SMS is 70 UCS-2 units: the 66-character link alone leaves room for almost nothing, so two segments.
      characters: 89,
      sms: { segments: 2, encoding: 'UCS-2' },
    });
  });

  it('uses the plain-http link where the company allows it, and says why a channel cannot carry the message', () => {
    const channels = previews.preview(withBodyInSms, { ...wording, message: 'あ'.repeat(120), allowPlainHttp: true, language: 'ja', reminder: false });
    expect(channels.find((preview) => preview.channel === 'line')).toMatchObject({ fits: true, body: expect.stringContaining(' http://m.anpi.example/a/') });
    expect(channels.find((preview) => preview.channel === 'sms')).toEqual({
      channel: 'sms',
      fits: false,
      problem: 'sms: text needs 3 UCS-2 segments, more than the 2 allowed',
      exceeded: { measure: 'segments', actual: 3, maximum: 2, encoding: 'UCS-2' },
    });
  });

  it('finds what stops an alert from fitting the channels it lists, in either language, counting the reminder mark of a re-send', () => {
    // 67 × 2 UCS-2 units fit two segments; the link and the reminder mark push this one over.
    const problems = previews.problemsWith(withBodyInSms, { ...wording, message: 'あ'.repeat(70) }, ['email', 'sms']);
    // The English for API users, and the same facts as fields for clients that word it themselves.
    expect(problems).toEqual([
      {
        path: 'message',
        message: expect.stringMatching(/^sms: text needs 3 UCS-2 segments, more than the 2 allowed \(ja, /),
        rule: 'too-long',
        channel: 'sms',
        language: 'ja',
        measure: 'segments',
        actual: 3,
        maximum: 2,
        encoding: 'UCS-2',
      },
    ]);
    expect(previews.problemsWith(withBodyInSms, { ...wording, message: 'あ'.repeat(70) }, ['email', 'line'])).toEqual([]);
    const longSubject = TenantTemplates.from({ en: { subject: '{{alertTitle}} {{alertTitle}} {{alertTitle}}', body: '{{answerUrl}}', shortBody: '{{answerUrl}}' } });
    expect(previews.problemsWith(longSubject, { ...wording, title: 't'.repeat(70) }, ['email'])).toEqual([
      expect.objectContaining({ path: 'title', message: expect.stringMatching(/^email: subject has 223 characters, more than 200 \(en, /), channel: 'email', language: 'en', actual: 223, maximum: 200 }),
    ]);
  });
});
