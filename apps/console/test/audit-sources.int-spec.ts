import { waitFor } from '@anpi/testing';
import { resolve } from 'node:path';
import { Locator } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/**
 * The audit screen's three sources in Debian's chromium against the real services: the owner
 * adds a person (directory, tenant-service), invites a colleague (accounts, auth-service) and
 * sends a safety check (alert-dispatch-service), then moves between the sources with the arrow
 * keys and finds each entry named in Japanese, with no colleague's e-mail address on the page.
 * axe-core audits the screen on every source.
 */
describe('the audit screen with its three sources in a real browser', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'audit', 'Audit-安否-sources-2026');
  const { suffix } = company;
  const colleagueEmail = `colleague-${suffix}@example.test`;
  const personEmail = `p-${suffix}@example.test`;

  beforeAll(async () => {
    await company.signUp();
    const token = await company.ownerToken();
    await company.gateway('tenant', 'POST', '/v1/directory/employees', {
      body: { employeeNumber: `AUD-${suffix}`, nameKanji: '監査 一郎', nameKana: 'カンサ イチロウ', companyEmail: personEmail, workPrefecture: '13' },
      token,
    });
    await company.gateway('auth', 'POST', '/v1/invitations', { body: { email: colleagueEmail, displayName: '同僚 花子', role: 'admin', departmentIds: [] }, token });
    const target = { kind: 'all' };
    await waitFor(async () => ((await company.gateway<{ count: number }>('dispatch', 'POST', '/v1/alerts/recipient-count', { body: { target }, token })).count === 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatch to know the person',
    });
    await company.gateway('dispatch', 'POST', '/v1/alerts', {
      body: { title: `監査ログ確認 ${suffix}`, message: '安否を回答してください。', target, channels: ['email'], drill: true },
      token,
      headers: { 'idempotency-key': `audit-${suffix}` },
    });
  }, 240_000);

  it('shows the directory, account and safety-check entries, one source at a time, chosen by keyboard', async () => {
    // bypassCSP: axe-core is injected to audit the screen.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.logIn(page);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '監査ログ' }).click();
    await page.locator('#audit-heading').waitFor();

    const sources = page.getByRole('group', { name: '記録の種類' });
    const source = (name: string) => sources.getByRole('radio', { name });
    const entries = page.getByTestId('audit-entries');
    const checkedSources = async () => (await Promise.all(['名簿・会社', 'アカウント', '安否確認・配信設定'].map(async (name) => ((await source(name).isChecked()) ? name : null)))).filter(Boolean);

    // The directory's log first, as the screen has always opened: the person added.
    expect(await checkedSources()).toEqual(['名簿・会社']);
    await expectRow(entries, '社員を登録', '社員');
    await expectNoViolations(page, 'audit screen, directory source');

    // The arrow keys move between the sources (native radio buttons), each read on first choice.
    await source('名簿・会社').focus();
    await page.keyboard.press('ArrowRight');
    expect(await checkedSources()).toEqual(['アカウント']);
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: 'アカウント', focusVisible: true });
    await expectRow(entries, '担当者を招待', 'アカウント');
    expect(await entries.textContent()).not.toContain('社員を登録');
    // Accounts are named by id only: nobody's e-mail address reaches the page.
    expect(await page.locator('main').textContent()).not.toContain('@');
    await expectNoViolations(page, 'audit screen, accounts source');
    await page.screenshot({ path: resolve(screenshotDirectory, 'audit-accounts.png'), fullPage: true });

    await page.keyboard.press('ArrowRight');
    expect(await checkedSources()).toEqual(['安否確認・配信設定']);
    await expectRow(entries, '安否確認を送信', '安否確認');
    await expectNoViolations(page, 'audit screen, safety-check source');
    await page.screenshot({ path: resolve(screenshotDirectory, 'audit-safety-checks.png'), fullPage: true });

    // Back to the directory by a click: what was read is still there.
    await source('名簿・会社').click();
    await expectRow(entries, '社員を登録', '社員');
    await context.close();
  });
});

/** The table has a row whose action and target columns read as given. */
async function expectRow(entries: Locator, action: string, target: string): Promise<void> {
  await expectText(entries, action);
  const rows = entries.locator('tbody tr');
  const targets: string[] = [];
  for (let index = 0; index < (await rows.count()); index += 1) {
    const [, , shownAction, shownTarget] = (await rows.nth(index).locator('td').allTextContents()).map((text) => text.trim());
    if (shownAction === action) targets.push(shownTarget);
  }
  expect({ action, targets }).toEqual({ action, targets: expect.arrayContaining([target]) });
}
