import { AnswerPageAlert, AnswerPageRenderer } from './answer-page.renderer';
import { PageLocale } from './page-locale';

const alert: AnswerPageAlert = {
  title: '地震 <b>安否確認</b>',
  message: '回答してください\n"至急"',
  drill: true,
  closesAt: new Date('2026-11-29T03:00:00Z'),
  questions: [
    {
      id: 'safety',
      kind: 'choice',
      label: { ja: 'あなたの安否', en: 'Are you safe?' },
      required: true,
      choices: [
        { id: 'safe', label: { ja: '無事', en: 'Safe' } },
        { id: 'serious_injury', label: { ja: '重傷', en: 'Serious injury' } },
      ],
    },
    { id: 'comment', kind: 'text', label: { ja: 'コメント', en: 'Comment' }, required: false, maxLength: 500 },
  ],
};

const ja: PageLocale = { language: 'ja', timeZone: 'Asia/Tokyo' };
const en: PageLocale = { language: 'en', timeZone: 'Asia/Tokyo' };

describe('AnswerPageRenderer', () => {
  const renderer = new AnswerPageRenderer();

  it('offers notifications, when the company has Web Push, through one hidden box and one same-origin script', () => {
    const html = renderer.form(alert, ja, '/a/token', {}, [], { offers: { webPush: { publicKey: 'B' }, line: null } });
    expect(html.match(/<script[^>]*>/gi)).toEqual(['<script src="/a/assets/push.js" defer>']);
    expect(html).toContain('<div id="push" style="display:none" data-path="/a/token"');
  });

  it('offers the current location beside the "where are you now" question only, hidden until its script finds a browser that can tell', () => {
    const asking: AnswerPageAlert = { ...alert, questions: [...alert.questions, { id: 'location', kind: 'text', label: { ja: '現在地', en: 'Where are you now?' }, required: false, maxLength: 200 }] };
    const html = renderer.form(asking, ja, '/a/token', { location: '自宅' });
    expect(html.match(/<script[^>]*>/gi)).toEqual(['<script src="/a/assets/location.js" defer>']);
    expect(html).toMatch(/<textarea id="location" name="location" rows="3" maxlength="200">自宅<\/textarea><span id="geolocation" style="display:none" data-for="location"/);
    expect(html).toContain('<button type="button">現在地を入力する</button>');
    // The template the script fills, escaped as an attribute (its map link carries an "&").
    expect(html).toContain('data-format="緯度 {lat}, 経度 {lon}（誤差 約{accuracy}m）https://www.openstreetmap.org/?mlat={lat}&amp;mlon={lon}"');
    expect(renderer.form(asking, en, '/a/token')).toContain('<button type="button">Use my current location</button>');
    // Without such a question (the comment is text too): no button, no script.
    expect(renderer.form(alert, ja, '/a/token')).not.toMatch(/geolocation|<script/i);
  });

  it('offers LINE, when the company has linking set up, as a plain link in the page language', () => {
    const html = renderer.form(alert, en, '/a/token', {}, [], { offers: { webPush: null, line: { officialAccountId: '@acme' } } });
    expect(html).toContain('<a href="/a/token/line?lang=en">Get safety checks on LINE</a>');
    expect(html).not.toMatch(/<script/i);
    expect(renderer.form(alert, ja, '/a/token')).not.toContain('/line');
  });

  it('renders a form that works without JavaScript and stays small', () => {
    const html = renderer.form(alert, ja, '/a/token');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('id="push"');
    expect(html).toContain('<form method="post" action="/a/token?lang=ja"');
    expect(html).toContain('name="safety" value="safe"');
    expect(html).toContain('【訓練】');
    expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024);
  });

  it('escapes everything that comes from people', () => {
    const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(1)>';
    const html = renderer.form({ ...alert, title: hostile, message: hostile }, en, '/a/t', { comment: hostile });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    const recorded = renderer.recorded(alert, en, { safety: 'safe', comment: hostile }, new Date(), '/a/t');
    expect(recorded).not.toContain('<img src=x');
  });

  it('keeps earlier answers selected when an answer is changed', () => {
    const html = renderer.form(alert, en, '/a/t', { safety: 'serious_injury', comment: '足を怪我' });
    expect(html).toContain('value="serious_injury" checked');
    expect(html).toContain('>足を怪我</textarea>');
    expect(html).toContain('Change my answer');
    expect(html).toContain('[DRILL] ');
  });

  it('shows what was recorded, in the recipient’s language', () => {
    const html = renderer.recorded(alert, ja, { safety: 'safe' }, new Date('2026-11-26T03:05:00Z'), '/a/t');
    expect(html).toContain('回答を受け付けました');
    expect(html).toContain('<dd>無事</dd>');
    expect(html).toContain('2026/11/26 12:05 JST');
  });

  it('tells time in the company’s time zone, naming it, and in Japan’s when the zone is unknown', () => {
    const answeredAt = new Date('2026-11-26T03:05:00Z');
    expect(renderer.recorded(alert, { language: 'en', timeZone: 'Europe/London' }, { safety: 'safe' }, answeredAt, '/a/t')).toContain('26 Nov 2026, 03:05 GMT');
    expect(renderer.form(alert, { language: 'en', timeZone: 'America/New_York' }, '/a/t')).toContain('28 Nov 2026, 22:00 GMT-5');
    expect(renderer.recorded(alert, { language: 'en', timeZone: 'Mars/Olympus_Mons' }, { safety: 'safe' }, answeredAt, '/a/t')).toContain('26 Nov 2026, 12:05 GMT+9');
  });

  it('offers the other language, and answers in the one the page was shown in', () => {
    const english = renderer.form(alert, en, '/a/t', {}, [], { board: { posts: [], replyPath: '/a/t/board' } });
    expect(english).toContain('<a href="/a/t?lang=ja" lang="ja">日本語</a>');
    expect(english).toContain('<form method="post" action="/a/t?lang=en"');
    expect(english).toContain('<form method="post" action="/a/t/board?lang=en"');
    expect(renderer.form(alert, ja, '/a/t')).toContain('<a href="/a/t?lang=en" lang="en">English</a>');
    expect(renderer.recorded(alert, en, { safety: 'safe' }, new Date(), '/a/t')).toContain('<a href="/a/t?lang=en">Change my answer</a>');
  });

  it('marks the questions that need attention', () => {
    const html = renderer.form(alert, en, '/a/t', {}, ['safety']);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<fieldset class="problem">');
  });
  it('shows the message board escaped, cuts long posts and stays under 20 KB', () => {
    const hostile = `<img src=x onerror=alert(1)>${'&'.repeat(2000)}`;
    const posts = Array.from({ length: 5 }, () => ({ author: 'recipient' as const, body: hostile, createdAt: '2026-11-26T00:00:00Z' }));
    const html = renderer.form(alert, ja, '/a/t', {}, [], { board: { posts: [{ author: 'crisis-team', body: '本社に集合しないでください', createdAt: '2026-11-26T00:00:00Z' }, ...posts], replyPath: '/a/t/board' } });
    expect(html).toContain('対策本部');
    expect(html).toContain('本社に集合しないでください');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('<form method="post" action="/a/t/board?lang=ja"');
    expect(Buffer.byteLength(html)).toBeLessThan(20 * 1024);
  });
});
