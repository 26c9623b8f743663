import { simpleParser } from 'mailparser';
import { composeSafetyCheckMail, parseMailSender } from './safety-check-mail';

const at = new Date('2026-11-27T12:34:56Z');
const mail = {
  deliveryId: '0193f0c8-0000-7000-8000-000000000001',
  to: 'taro.yamada@acme.example',
  subject: '【訓練】【安否確認】震度6強の地震が発生しました。安全な場所で、この質問に答えてください (Acme 株式会社)',
  text: '山田 太郎 様\n\n回答してください:\nhttps://anpi.example/a/token-1\n',
  html: '<p>山田 太郎 様</p><a href="https://anpi.example/a/token-1">安否を回答する</a>',
};

describe('the sender setting', () => {
  it.each([
    ['anpi@acme.example', { address: 'anpi@acme.example', domain: 'acme.example', header: 'anpi@acme.example' }],
    ['Anpi <anpi@acme.example>', { address: 'anpi@acme.example', domain: 'acme.example', header: 'Anpi <anpi@acme.example>' }],
    ['"Acme, Crisis Team" <anpi@acme.example>', { address: 'anpi@acme.example', domain: 'acme.example', header: '"Acme, Crisis Team" <anpi@acme.example>' }],
    ['Acme 安否確認 <anpi@acme.example>', { address: 'anpi@acme.example', domain: 'acme.example', header: '=?UTF-8?B?QWNtZSDlronlkKbnorroqo0=?= <anpi@acme.example>' }],
  ])('%s', (from, expected) => {
    expect(parseMailSender(from)).toEqual(expected);
  });

  it.each(['not an address', 'a@acme.example, b@acme.example', 'Anpi <anpi@>', '安否 <アドレス@acme.example>'])('refuses %s', (from) => {
    expect(parseMailSender(from)).toBeUndefined();
  });
});

describe('a composed safety-check mail, read back by a MIME parser', () => {
  it('carries the subject, both parts and the sender exactly, in UTF-8', async () => {
    const sender = parseMailSender('Acme 安否確認 <anpi@acme.example>')!;
    const { messageId, raw } = composeSafetyCheckMail(sender, mail, at);
    const parsed = await simpleParser(raw);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text).toBe(mail.text);
    expect(parsed.html).toBe(mail.html);
    expect(parsed.from?.value).toEqual([{ name: 'Acme 安否確認', address: 'anpi@acme.example' }]);
    expect(parsed.messageId).toBe(messageId);
    expect(messageId).toBe('<0193f0c8-0000-7000-8000-000000000001@acme.example>');
    expect(parsed.date?.toISOString()).toBe(at.toISOString());
    expect(parsed.headers.get('x-anpi-delivery-id')).toBe(mail.deliveryId);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('keeps every line within SMTP’s limit and uses CRLF line ends only', () => {
    const { raw } = composeSafetyCheckMail(parseMailSender('anpi@acme.example')!, { ...mail, text: 'あ'.repeat(5_000) }, at);
    const lines = raw.split('\r\n');
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(78);
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('cannot be given a header of its own through a line break in the subject', async () => {
    const { raw } = composeSafetyCheckMail(parseMailSender('anpi@acme.example')!, { ...mail, subject: '地震\r\nBcc: everyone@acme.example\nX-Evil: 1' }, at);
    const parsed = await simpleParser(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headers.has('x-evil')).toBe(false);
    expect(parsed.subject).toBe('地震 Bcc: everyone@acme.example X-Evil: 1');
  });
});
