import type { CaughtMail } from '@anpi/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { browserSuite, ports, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectText } from './test-company';

// Plain CommonJS, the seed `npm start` runs (scripts/local-services.js seed).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require('../../../scripts/demo-tenant.js') as {
  demoOwner: { tenant: string; email: string; password: string };
  demoDrill: { title: string };
  drillAnswers: Record<string, Record<string, string>>;
  seedDemoTenant: (options: {
    urls: Record<'tenant' | 'auth' | 'dispatch' | 'responses', string>;
    mailbox: { find: (address: string, pattern: RegExp, since: number) => string | undefined };
    log?: (line: string) => void;
    slug?: string;
  }) => Promise<{ alertId: string; people: number; answered: number }>;
};

/**
 * The demo company `npm start` seeds (scripts/demo-tenant.js), against the real services and
 * seen in Debian's chromium: a newcomer who logs in with the README's demo account finds a
 * directory, a drill with answers on the dashboard and their own safety check still to answer.
 * Seeding twice changes nothing.
 */
describe('the demo company of npm start', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const urls = { tenant: ports.tenant, auth: ports.auth, dispatch: ports.dispatch, responses: ports.responses };
  // Not the README's `demo`: every process on the shared broker hears this company's tenant.created,
  // and a developer's `npm start` afterwards must not learn of a second company called `demo`.
  const slug = `demo-${Date.now().toString(36)}`;
  const seedOptions = () => ({
    slug,
    urls: Object.fromEntries(Object.entries(urls).map(([name, port]) => [name, `http://127.0.0.1:${port}`])) as Record<keyof typeof urls, string>,
    // The suite's catcher keeps mails in memory, stamped as they arrive.
    mailbox: { find: (address: string, pattern: RegExp, since: number) => firstCapture(stack.mail.mailsTo(address), pattern, since, arrivals) },
    log: () => undefined,
  });
  const arrivals = new WeakMap<CaughtMail, number>();
  const peopleInTheFile = 30;
  const answeredInTheSeed = Object.keys(demo.drillAnswers).length;

  it('logs the demo owner in to a directory, a drill answered by two in three, and their own answer still to give; seeding again changes nothing', async () => {
    const seeded = await demo.seedDemoTenant(seedOptions());
    expect(seeded).toMatchObject({ people: peopleInTheFile, answered: answeredInTheSeed });

    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/login`);
    await page.locator('input[name=tenant]').fill(slug);
    await page.locator('input[name=email]').fill(demo.demoOwner.email);
    await page.locator('input[name=password]').fill(demo.demoOwner.password);
    await page.locator('button[type=submit]').click();
    await page.locator('nav').waitFor();

    // The owner is a person of the directory, asked by the drill: their own answer is still open.
    await expectText(page.getByTestId('own-safety-check'), demo.demoDrill.title);
    await expectText(page.getByTestId('own-answer'), 'まだ回答していません。');

    // The dashboard lists the drill; its live picture has the seeded answers.
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'ダッシュボード' }).click();
    await page.getByRole('link', { name: demo.demoDrill.title }).click();
    await expectText(page.getByTestId('recipients'), String(peopleInTheFile), 60_000);
    await expectText(page.getByTestId('responded'), String(answeredInTheSeed), 60_000);
    await expectText(page.getByTestId('answer-safety-serious_injury'), '1');
    await expectText(page.getByTestId('non-responder-count'), `未回答者 ${peopleInTheFile - answeredInTheSeed} 名`, 30_000);
    await expectText(page.getByTestId('prefecture-breakdown'), '宮城県');
    // Who is hurt, by name, with a phone to call and where they are (the seed's three injured).
    const hurt = page.getByRole('table', { name: '回答者一覧' });
    await expectText(page.getByTestId('answer-list-count'), 'あなたの安否: 「無事」以外 — 3 名');
    await expectText(hurt, '阿部 千尋');
    await expectText(hurt.getByRole('row').filter({ hasText: '阿部 千尋' }), '石巻赤十字病院');
    await expectText(hurt.getByRole('row').filter({ hasText: '阿部 千尋' }), '重傷 / 不可能');
    expect(await hurt.getByRole('link', { name: '+819000000025' }).getAttribute('href')).toBe('tel:+819000000025');
    await expectText(hurt, '小林 愛');
    await expectText(hurt, '斎藤 由美');
    // Another answer: who cannot come to work, narrowed to the Ishinomaki plant and its sections.
    await page.getByLabel('回答', { exact: true }).selectOption({ label: '出社・業務は可能ですか: 不可能' });
    await expectText(page.getByTestId('answer-list-count'), '出社・業務は可能ですか: 不可能 — 3 名');
    await page.getByRole('group', { name: '回答者の絞り込み', exact: true }).getByLabel('部署（配下の部署を含む）').selectOption({ label: '石巻工場' });
    await expectText(page.getByTestId('answer-list-count'), '出社・業務は可能ですか: 不可能 — 2 名');
    await expectText(hurt, '山崎 里奈');
    // The list on screen as a file (Shift_JIS for Excel): the same two people, by employee number.
    await page.getByRole('group', { name: '回答者一覧の CSV の文字コード', exact: true }).getByRole('radio', { name: /Shift_JIS/ }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '回答者一覧を CSV でダウンロード' }).click()]);
    const rows = new TextDecoder('shift_jis').decode(readFileSync((await download.path())!)).trim().split(/\r?\n/);
    expect(rows[0]).toContain('社員番号');
    expect(rows.slice(1).map((row) => row.split(',')[0]).sort()).toEqual(['D0023', 'D0025']);
    await expectNoViolations(page, 'the demo drill dashboard');
    await page.screenshot({ path: resolve(screenshotDirectory, 'demo-dashboard.png'), fullPage: true });

    // The directory: everyone from scripts/demo/employees.csv, in departments from departments.csv.
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '名簿' }).click();
    await expectText(page.locator('main'), '石巻工場');

    // Seeding again: no second company, person or drill.
    expect(await demo.seedDemoTenant(seedOptions())).toEqual(seeded);
    const alerts = await stack.query<{ id: string }>('alert-dispatch-service', 'SELECT id FROM alerts', []);
    expect(alerts).toEqual([{ id: seeded.alertId }]);
    const people = await stack.query<{ count: string }>('tenant-service', 'SELECT count(*) FROM employees', []);
    expect(Number(people[0].count)).toBe(peopleInTheFile);
    const answers = await stack.query<{ count: string }>('response-collection-service', 'SELECT count(*) FROM answers', []);
    expect(Number(answers[0].count)).toBe(answeredInTheSeed);
    await context.close();
  }, 300_000);

  it('lets a non-responder of the drill answer on their phone with their current location filled in by one tap', async () => {
    // 田中 健太 (D0005) has not answered: their drill e-mail has their link.
    const link = firstCapture(stack.mail.mailsTo('tanaka.kenta@demo.anpi.example'), new RegExp(`(http://127\\.0\\.0\\.1:${ports.responses}/a/[A-Za-z0-9_-]{43})`), 0, arrivals);
    expect(link).toBeDefined();
    // 127.0.0.1 is a secure context: the browser may tell the page where it is (仙台駅 here).
    const phone = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'ja-JP', geolocation: { latitude: 38.26011, longitude: 140.88239, accuracy: 18 }, permissions: ['geolocation'] });
    const page = await phone.newPage();
    await page.goto(link!);
    await page.locator('textarea[name=location]').fill('出張先');
    await page.getByRole('button', { name: '現在地を入力する' }).click();
    await expectText(page.locator('#geolocation [role=status]'), '現在地を入力しました。');
    const filled = '出張先 緯度 38.26011, 経度 140.88239（誤差 約18m）https://www.openstreetmap.org/?mlat=38.26011&mlon=140.88239';
    await expect(page.locator('textarea[name=location]').inputValue()).resolves.toBe(filled);
    // A second tap replaces the position instead of adding another.
    await page.getByRole('button', { name: '現在地を入力する' }).click();
    await expectText(page.locator('#geolocation [role=status]'), '現在地を入力しました。');
    await expect(page.locator('textarea[name=location]').inputValue()).resolves.toBe(filled);
    await page.locator('input[name=safety][value=safe]').check();
    await page.locator('form').first().locator('button[type=submit]').click();
    await page.getByRole('heading', { name: '回答を受け付けました' }).waitFor();
    await expectText(page.locator('dl'), filled);
    await phone.close();
    // axe-core is injected, so this look bypasses the page's CSP (the answer itself went through it).
    const audit = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'ja-JP', bypassCSP: true, geolocation: { latitude: 38.26011, longitude: 140.88239 }, permissions: ['geolocation'] });
    const auditedPage = await audit.newPage();
    await auditedPage.goto(link!);
    await auditedPage.getByRole('button', { name: '現在地を入力する' }).waitFor();
    await expectNoViolations(auditedPage, 'the answer page with the location button');
    await audit.close();
    const [stored] = await stack.query<{ answers: Record<string, string> }>('response-collection-service', 'SELECT answers FROM answers ORDER BY first_answered_at DESC LIMIT 1', []);
    expect(stored.answers).toMatchObject({ safety: 'safe', location: filled });
  }, 120_000);
});

/** The first capture of `pattern` in the newest of `mails` that arrived at or after `since`. */
function firstCapture(mails: CaughtMail[], pattern: RegExp, since: number, arrivals: WeakMap<CaughtMail, number>): string | undefined {
  for (const mail of mails) if (!arrivals.has(mail)) arrivals.set(mail, Date.now());
  return mails
    .filter((mail) => arrivals.get(mail)! >= since)
    .reverse()
    .map((mail) => pattern.exec(mail.text)?.[1])
    .find(Boolean);
}
