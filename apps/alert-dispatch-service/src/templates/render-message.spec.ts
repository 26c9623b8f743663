import { ChannelKind } from '../channels/channel';
import { TemplateValues } from './message-template';
import { ChannelLimitError, RenderRequest, renderMessage } from './render-message';
import { TenantTemplates } from './tenant-templates';

const values: TemplateValues = {
  name: '山田 太郎',
  answerUrl: 'https://anpi.example/a/3q2-7wEAAAA_token_value',
  alertTitle: '関東地方で震度6強',
  alertBody: '身の安全を確保してください。',
  companyName: 'Acme',
  sentAt: '2026-11-26 09:00',
};

function request(channel: ChannelKind, overrides: Partial<RenderRequest> = {}): RenderRequest {
  return { channel, language: 'ja', drill: false, reminder: false, values, maxSmsSegments: 3, ...overrides };
}

const characters = (text: string) => [...text].length;

describe('renderMessage', () => {
  const defaults = TenantTemplates.defaults();

  it('renders the Japanese default safety check with the personal link exactly once', () => {
    const message = renderMessage(defaults, request('email'));
    expect(message.subject).toBe('【安否確認】関東地方で震度6強');
    expect(message.body).toContain('山田 太郎 様');
    expect(message.body.split(values.answerUrl)).toHaveLength(2);
  });

  it('uses the short text for SMS and push, the full text for e-mail, LINE and webhooks', () => {
    const short = renderMessage(defaults, request('sms')).body;
    expect(short).toBe(`【安否確認】Acme 回答してください ${values.answerUrl}`);
    expect(renderMessage(defaults, request('web-push')).body).toBe(short);
    expect(renderMessage(defaults, request('line')).body).toBe(renderMessage(defaults, request('webhook')).body);
    expect(renderMessage(defaults, request('line')).body).toContain('身の安全を確保してください。');
  });

  it('marks a re-send as a reminder, after any drill mark, in the recipient language', () => {
    const ja = renderMessage(defaults, request('email', { reminder: true }));
    expect(ja.subject).toBe('【再送】【安否確認】関東地方で震度6強');
    expect(ja.body.startsWith('【再送】山田 太郎 様')).toBe(true);
    const drill = renderMessage(defaults, request('sms', { drill: true, reminder: true }));
    expect(drill.body).toBe(`【訓練】【再送】【安否確認】Acme 回答してください ${values.answerUrl}`);
    expect(renderMessage(defaults, request('email', { reminder: true, language: 'en' })).subject).toBe('[REMINDER] [Safety check] 関東地方で震度6強');
  });

  it('counts the marks against the channel limits', () => {
    // 70 UCS-2 characters fit one SMS segment; the drill and reminder marks (8) must be counted.
    const fitsAlone = { ...values, companyName: 'Ａ'.repeat(70 - characters(`【安否確認】 回答してください ${values.answerUrl}`)) };
    expect(() => renderMessage(defaults, request('sms', { values: fitsAlone, maxSmsSegments: 1 }))).not.toThrow();
    expect(() => renderMessage(defaults, request('sms', { values: fitsAlone, maxSmsSegments: 1, drill: true, reminder: true }))).toThrow(ChannelLimitError);
  });

  it('marks drills at the start of subject and body, in the recipient language', () => {
    const ja = renderMessage(defaults, request('sms', { drill: true }));
    expect(ja.subject.startsWith('【訓練】【安否確認】')).toBe(true);
    expect(ja.body.startsWith('【訓練】')).toBe(true);
    const en = renderMessage(defaults, request('email', { drill: true, language: 'en' }));
    expect(en.subject).toBe('[DRILL] [Safety check] 関東地方で震度6強');
    expect(en.body.startsWith('[DRILL] Dear 山田 太郎,')).toBe(true);
  });

  it('refuses an SMS over the segment limit, naming the encoding and the count', () => {
    const longCompany = { ...values, companyName: '株式会社'.repeat(40) };
    expect(() => renderMessage(defaults, request('sms', { values: longCompany }))).toThrow(new ChannelLimitError('sms', { measure: 'segments', actual: 4, maximum: 3, encoding: 'UCS-2' }));
  });

  it('refuses a LINE text over 5,000 characters', () => {
    expect(() => renderMessage(defaults, request('line', { values: { ...values, alertBody: '揺'.repeat(5_000) } }))).toThrow(/^line: text has \d+ characters, more than 5000$/);
  });

  it('refuses an e-mail subject over 200 characters', () => {
    expect(() => renderMessage(defaults, request('email', { values: { ...values, alertTitle: 'x'.repeat(200) } }))).toThrow('email: subject has 206 characters, more than 200');
  });

  it('refuses a push payload that would not fit 4 KB once encrypted', () => {
    expect(() => renderMessage(defaults, request('web-push', { values: { ...values, alertTitle: '震'.repeat(1_400) } }))).toThrow(/^web-push: payload is \d+ bytes, more than 3993$/);
  });
});
