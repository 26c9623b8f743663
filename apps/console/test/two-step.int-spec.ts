import { waitFor } from '@anpi/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { accessibilityViolations } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/**
 * Two-step verification set up from the console, in Debian's chromium against the real
 * services: an owner makes it compulsory for the company's admins (owners included), is then
 * refused a session at log-in, sets it up right there (QR code, key, a first code computed here
 * from the key the page shows), keeps the recovery codes and logs in with one of them — the way
 * back in for someone who lost their phone, and no wait for the next 30-second code.
 */
describe('two-step verification in the web console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'two-step', 'TwoStep-安否-test-2026');
  const { slug, ownerEmail, password } = company;
  // Shown once by the first test; the second uses those still unused.
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    await company.signUp();
  }, 240_000);

  it('lets an owner whose company requires it set it up at log-in, keep the recovery codes and log in with one', async () => {
    // bypassCSP: axe-core is injected into the set-up view (the console's CSP rightly refuses it).
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', acceptDownloads: true, bypassCSP: true });
    const page = await context.newPage();

    // The owner makes two-step verification compulsory, for the admins and for themself.
    await page.goto(`${stack.consoleUrl}/login`);
    await fillLogIn(page);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    await page.getByRole('link', { name: '設定' }).click();
    // Not set up yet: Settings offers to set it up.
    await page.locator('form[aria-labelledby=two-step-settings-heading]').getByRole('button', { name: '2段階認証を設定する' }).waitFor();
    const required = page.getByLabel('管理者に2段階認証を必須にする');
    await waitFor(async () => (await required.isEnabled()) || undefined, { what: 'the security settings to load' });
    await required.check();
    await page.getByRole('button', { name: '保存', exact: true }).first().click();
    await page.getByText('保存しました。').first().waitFor();
    expect(await stack.query('auth-service', 'SELECT mfa_required_for_admins AS required FROM tenant_security_settings', [])).toEqual([{ required: true }]);
    await page.getByRole('button', { name: 'ログアウト' }).click();

    // The next log-in is refused until it is set up, and offers to set it up now.
    await fillLogIn(page);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('alert').filter({ hasText: 'この企業では2段階認証が必須です' }).waitFor();
    await page.getByRole('button', { name: '今すぐ2段階認証を設定する' }).click();

    // The QR code (an image from a data: URL) and the key in groups of four.
    await page.getByRole('heading', { name: '2段階認証の設定', level: 1 }).waitFor();
    const qrCode = page.getByRole('img', { name: `認証アプリに Anpi（${ownerEmail}）を登録するための QR コード` });
    await qrCode.waitFor();
    expect(await qrCode.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,/);
    const shownSecret = (await page.getByTestId('totp-secret').textContent())!;
    expect(shownSecret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const authenticator = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(shownSecret.replace(/\s+/g, '')) });

    // No axe-core finding on the set-up view, in Japanese and in English.
    await shot(page, 'two-step-setup');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Set up two-step verification', level: 1 }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '日本語' }).click();

    // A wrong code is refused in words that say what to check; the right one turns it on.
    await page.getByLabel('認証アプリの6桁のコード').fill(differentCode(authenticator.generate()));
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    await page.getByRole('alert').filter({ hasText: 'コードが正しくありません' }).waitFor();
    await page.getByLabel('認証アプリの6桁のコード').fill(authenticator.generate());
    await page.getByRole('button', { name: '確認して有効にする' }).click();

    // The recovery codes, shown this once: a list, a text file, and "stored" before going on.
    await page.getByRole('heading', { name: 'リカバリーコード' }).waitFor();
    recoveryCodes = (await page.getByTestId('recovery-codes').locator('li').allTextContents()).map((code) => code.trim());
    expect(recoveryCodes).toHaveLength(10);
    recoveryCodes.forEach((code) => expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/));
    await shot(page, 'two-step-recovery-codes');
    expect(await accessibilityViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'テキストファイルで保存' }).click()]);
    expect(download.suggestedFilename()).toBe(`anpi-recovery-codes-${slug}.txt`);
    const file = readFileSync((await download.path())!, 'utf8');
    recoveryCodes.forEach((code) => expect(file).toContain(code));
    expect(file).toContain(ownerEmail);
    const continueButton = page.getByRole('button', { name: '続ける' });
    expect(await continueButton.isDisabled()).toBe(true);
    await page.getByLabel('リカバリーコードを安全な場所に保管しました').check();
    await continueButton.click();

    // Back at the log-in, which now asks for a fresh code — or takes a recovery code.
    await page.getByRole('status').filter({ hasText: '設定の確認に使ったコードは使えません' }).waitFor();
    await page.getByLabel('認証アプリの6桁のコード').waitFor();
    await shot(page, 'two-step-log-in-after-set-up');
    await page.getByRole('button', { name: '代わりにリカバリーコードを使う' }).click();
    await page.getByLabel('リカバリーコード').fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    expect(await stack.query('auth-service', 'SELECT count(*)::int AS used FROM mfa_recovery_codes WHERE used_at IS NOT NULL', [])).toEqual([{ used: 1 }]);
    await context.close();
  }, 180_000);

  it('shows a second factor already set up as such in the settings, and refuses a recovery code used before', async () => {
    expect(recoveryCodes).toHaveLength(10);
    const context = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await logInWithRecoveryCode(page, recoveryCodes[1]);
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();

    // Settings knows it is set up: it says so, and offers no set-up (nor its e-mail and password fields).
    await page.getByRole('link', { name: '設定' }).click();
    await expectText(page.getByTestId('two-step-active'), 'このアカウントでは2段階認証が有効です。');
    expect(await page.getByRole('button', { name: '2段階認証を設定する' }).count()).toBe(0);
    expect(await page.locator('form[aria-labelledby=two-step-settings-heading]').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.waitForLoadState('networkidle');
    await shot(page, 'two-step-settings-phone');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'ログアウト' }).click();

    // A recovery code works once.
    await logInWithRecoveryCode(page, recoveryCodes[0]);
    await page.getByRole('alert').filter({ hasText: 'リカバリーコードが正しくないか、すでに使われています。' }).waitFor();
    await context.close();
  }, 120_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  async function fillLogIn(page: Page) {
    await page.getByLabel('企業ID').fill(slug);
    await page.getByLabel('メールアドレス').fill(ownerEmail);
    await page.getByLabel('パスワード').fill(password);
  }

  async function logInWithRecoveryCode(page: Page, code: string) {
    if (!page.url().endsWith('/login')) await page.goto(`${stack.consoleUrl}/login`);
    await fillLogIn(page);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('button', { name: '代わりにリカバリーコードを使う' }).click();
    await page.getByLabel('リカバリーコード').fill(code);
    await page.getByRole('button', { name: 'ログイン' }).click();
  }
});

/** Another 6-digit code than the app's (the one before or after it could match it only by a one-in-a-million chance). */
function differentCode(code: string): string {
  return String((Number(code) + 500_000) % 1_000_000).padStart(6, '0');
}
