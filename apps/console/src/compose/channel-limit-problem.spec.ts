import type { FieldProblem } from '../api/api-error';
import { translate } from '../i18n/messages';
import { channelLimitPreviewText, channelLimitRefusalText } from './channel-limit-problem';

const inLanguage = (language: 'ja' | 'en') => (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(language, key, values);

/** As alert-dispatch-service's 422 carries it (message-previews.ts, WordingProblem). */
const smsRefusal: FieldProblem = {
  path: 'message',
  message: 'sms: text needs 5 UCS-2 segments, more than the 3 allowed (ja, with the reminder mark of a re-send)',
  rule: 'too-long',
  channel: 'sms',
  language: 'ja',
  actual: 5,
  maximum: 3,
  encoding: 'UCS-2',
};

describe('a channel that cannot carry the alert', () => {
  it('says a refusal in Japanese or English from its fields, naming the recipients’ language', () => {
    expect(channelLimitRefusalText(smsRefusal, inLanguage('ja'))).toBe('SMS が 5 通分（UCS-2）になり、上限の 3 通を超えます（日本語の文面、再送の印を含む）。');
    expect(channelLimitRefusalText(smsRefusal, inLanguage('en'))).toBe('The SMS needs 5 UCS-2 segments, more than the 3 allowed (Japanese text, with the reminder mark of a re-send).');
    const email: FieldProblem = { path: 'title', message: 'email: …', rule: 'too-long', channel: 'email', language: 'en', actual: 130, maximum: 120 };
    expect(channelLimitRefusalText(email, inLanguage('ja'))).toBe('メールの件名が 130 文字になり、120 文字を超えます（英語の文面、再送の印を含む）。');
  });

  it("keeps the service's words for a problem without the fields, rather than hiding it", () => {
    const bare: FieldProblem = { path: 'message', message: 'sms: the provider refuses this sender id' };
    expect(channelLimitRefusalText(bare, inLanguage('ja'))).toBe(bare.message);
    expect(channelLimitRefusalText({ ...smsRefusal, channel: 'webhook' }, inLanguage('ja'))).toBe(smsRefusal.message);
  });

  it('says a preview’s problem without the re-send context', () => {
    const exceeded = { measure: 'bytes' as const, actual: 4200, maximum: 4000 };
    expect(channelLimitPreviewText('web-push', exceeded, 'web-push: payload is 4200 bytes, more than 4000', inLanguage('ja'))).toBe('Web プッシュの通知が 4200 バイトになり、4000 バイトを超えます。');
    expect(channelLimitPreviewText('line', { measure: 'characters', actual: 5100, maximum: 5000 }, 'x', inLanguage('en'))).toBe('The LINE text has 5100 characters, more than 5000.');
    expect(channelLimitPreviewText('line', undefined, 'line: text has 5100 characters, more than 5000', inLanguage('en'))).toBe('line: text has 5100 characters, more than 5000');
  });
});
