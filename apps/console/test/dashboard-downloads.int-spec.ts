import { waitFor } from '@anpi/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, ports, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/** The token of an answer link; the company allows only https links, whose host is not this stack's. */
const answerTokenPattern = /\/a\/([A-Za-z0-9_-]{43})/;

/**
 * After a drill, the crisis team's dashboard in Debian's chromium against the real services:
 * the answers downloaded as Shift_JIS CSV for Excel, the drill report read on demand (response
 * rate, median time to answer, per department), and a board post hidden from the employees.
 */
describe('the downloads, the drill report and board moderation on the dashboard', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'downloads', 'Downloads-安否-test-2026');
  const { suffix } = company;

  it('downloads the answers in Shift_JIS, shows the report with the median, and hides a board post', async () => {
    await company.signUp();
    const token = await company.ownerToken();

    // Three people in one department; a drill to all of them.
    const department = await company.gateway<{ id: string }>('tenant', 'POST', '/v1/directory/departments', { body: { name: `総務部 ${suffix}`, parentId: null }, token });
    const addresses = [1, 2, 3].map((n) => `d${n}-${suffix}@example.test`);
    for (const [index, companyEmail] of addresses.entries()) {
      await company.gateway('tenant', 'POST', '/v1/directory/employees', {
        body: { employeeNumber: `D-${suffix}-${index + 1}`, nameKanji: `訓練 ${index + 1}`, nameKana: 'クンレン', companyEmail, workPrefecture: '13', departmentIds: [department.id] },
        token,
      });
    }
    const target = { kind: 'all' };
    await waitFor(async () => ((await company.gateway<{ count: number }>('dispatch', 'POST', '/v1/alerts/recipient-count', { body: { target }, token })).count === 3 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatch to know the three people',
    });
    const { id: alertId } = await company.gateway<{ id: string }>('dispatch', 'POST', '/v1/alerts', {
      body: { title: `避難訓練 ${suffix}`, message: '訓練です。安否を回答してください。', target, channels: ['email'], drill: true },
      token,
      headers: { 'idempotency-key': `downloads-${suffix}` },
    });

    // bypassCSP: axe-core is injected to audit the dashboard.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    await company.logIn(page);
    await page.goto(`${stack.consoleUrl}/alerts/${alertId}`);
    // Response-collection knows the three (dispatch's fan-out arrived) before anyone answers.
    await expectText(page.getByTestId('recipients'), '3', 90_000);

    // One answers from the link in their e-mail, with where they are in words of their own.
    const answerToken = await waitFor(() => stack.mail.mailsTo(addresses[0]).map((mail) => answerTokenPattern.exec(mail.text)?.[1]).find(Boolean), { timeoutMs: 90_000, what: 'the answer link' });
    // The answer page itself, as the https proxy in front of it would pass the request on.
    const link = `http://127.0.0.1:${ports.responses}/a/${answerToken}`;
    const answered = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
      body: new URLSearchParams({ safety: 'safe', location: '本社ビル3階' }).toString(),
    });
    expect(answered.status).toBe(200);
    await expectText(page.getByTestId('responded'), '1', 30_000);

    // The answers in Shift_JIS, under the server's file name; Excel in Japan reads these bytes.
    const downloads = page.getByRole('region', { name: 'ダウンロード' });
    await downloads.getByRole('radio', { name: 'Shift_JIS（日本語版 Excel 向け）' }).check();
    const [download] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('button', { name: '回答一覧を CSV でダウンロード' }).click()]);
    expect(download.suggestedFilename()).toBe(`answers-${alertId}.csv`);
    const csv = new TextDecoder('shift_jis').decode(readFileSync((await download.path())!));
    expect(csv).toContain('本社ビル3階');
    expect(csv).toContain('無事');
    expect(csv).toContain(`D-${suffix}-1`);
    await expectText(page.getByTestId('download-status'), `answers-${alertId}.csv をダウンロードしました。`);

    // The report, read when asked: one of three answered, with a median time, per department too.
    const report = page.getByRole('region', { name: '回答レポート' });
    await report.getByRole('button', { name: 'レポートを表示する' }).click();
    await expectText(page.getByTestId('report-responded'), '1');
    await expectText(page.getByTestId('report-rate'), '33.3%');
    expect(await page.getByTestId('report-median').textContent()).toMatch(/^\d+(秒|分)/);
    const departmentRow = page.getByTestId('report-departments').getByRole('row', { name: new RegExp(`総務部 ${suffix}`) });
    await expectText(departmentRow, '33.3%');
    await report.getByRole('button', { name: 'レポートを更新する' }).waitFor();

    // A post on the board, hidden after a confirmation; it stays listed for the crisis team, marked in words.
    const board = page.getByRole('region', { name: '掲示板' });
    const notice = `訓練の集合場所は第2駐車場です ${suffix}`;
    await board.getByLabel('掲示板に投稿する内容').fill(notice);
    await board.getByRole('button', { name: '投稿する' }).click();
    const post = board.getByRole('listitem').filter({ hasText: notice });
    await post.waitFor();
    const answerPageText = async () => (await fetch(link, { headers: { 'x-forwarded-proto': 'https' } })).text();
    expect(await answerPageText()).toContain(notice);
    // The hide button says which post it hides (author and time as shown), not just "hide" once per post.
    const shownTime = (await post.locator('time').textContent())!;
    await post.getByRole('button', { name: `対策本部（${shownTime}）の投稿を非表示にする`, exact: true }).click();
    await post.getByText('この投稿を社員の回答ページに表示しないようにします').waitFor();
    await expectNoViolations(page, 'the dashboard with the report open and a hide confirmation');
    await post.getByRole('button', { name: 'はい、非表示にする' }).click();
    await expectText(page.getByTestId('board-status'), '投稿を非表示にしました。');
    await expectText(post, '非表示（社員には見えません）');
    expect(await post.getByRole('button', { name: '非表示にする' }).count()).toBe(0);
    expect(await focusedElement(page)).toMatchObject({ tag: 'p', name: '投稿を非表示にしました。' });
    await expectNoViolations(page, 'the dashboard with the report open and a hidden post');
    await shot(page, 'dashboard-downloads');

    // The employees' answer page no longer shows it.
    expect(await answerPageText()).not.toContain(notice);
    await context.close();
  }, 300_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });
});
