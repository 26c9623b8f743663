import { waitFor } from '@anpi/testing';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/**
 * The team screen in Debian's chromium against the real services: the owner invites an admin
 * and a department admin (the mails arrive), sees them as invited, sends one invitation again,
 * the admin sets a password from the link and shows as active, and the owner disables the
 * department admin after a confirmation. axe-core audits the screen, the invite panel and the
 * confirmation.
 */
describe('the team screen in a real browser', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'team', 'Console-安否-team-2026');
  const { suffix, ownerEmail, password } = company;
  const adminEmail = `admin-${suffix}@example.test`;
  const departmentAdminEmail = `dept-${suffix}@example.test`;
  const departmentName = `東北支社 ${suffix}`;

  beforeAll(async () => {
    await company.signUp();
    await company.gateway('tenant', 'POST', '/v1/directory/departments', { body: { name: departmentName }, token: await company.ownerToken() });
  }, 240_000);

  it('lets the owner invite an admin and a department admin, who show as invited, then active once activated, and disable one after a confirmation', async () => {
    // bypassCSP: axe-core is injected to audit the screen and the panel.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.logIn(page);

    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'チーム' }).click();
    await page.locator('#team-heading').waitFor();
    await expectText(rowOf(page, ownerEmail).getByTestId('team-status'), '有効');
    await expectText(rowOf(page, ownerEmail), 'オーナー');
    // Nobody disables themselves (nor the owner); the owner's own row offers only the link to their directory person.
    expect(await rowOf(page, ownerEmail).getByRole('button').allTextContents()).toEqual(['名簿の人物を設定']);
    await expectNoViolations(page, 'team screen');

    // The invite panel: named after its heading, which has the focus; owners may invite admins.
    const inviteButton = page.getByRole('button', { name: '担当者を招待する' });
    await inviteButton.click();
    const panel = page.getByRole('dialog', { name: '担当者を招待' });
    await panel.waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'h2', name: '担当者を招待' });
    expect(await panel.getByLabel('役割').locator('option').allTextContents()).toEqual(['管理者', '部署管理者', 'メンバー']);
    await expectNoViolations(page, 'invite panel');

    // Sent empty: the rule the service names shows at each field in the console's words, and the keyboard lands on the first.
    await panel.getByRole('button', { name: '招待メールを送る' }).click();
    await expectText(fieldOf(panel, 'displayName').locator('.field-error'), '入力してください。');
    await expectText(fieldOf(panel, 'email').locator('.field-error'), 'メールアドレスの形式が正しくありません。');
    expect(await panel.locator('input[name=email]').getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: '氏名' });
    await expectNoViolations(page, 'invite panel with field errors');

    await panel.getByLabel('氏名').fill('管理 太郎');
    await panel.getByLabel('メールアドレス').fill(adminEmail);
    await panel.getByLabel('役割').selectOption({ label: '管理者' });
    await panel.getByRole('button', { name: '招待メールを送る' }).click();
    await panel.waitFor({ state: 'detached' });
    await expectText(page.getByTestId('team-notice'), `${adminEmail} に招待メールを送りました。`);
    await expectText(rowOf(page, adminEmail).getByTestId('team-status'), '招待中');
    await company.activationLinkTo(adminEmail);

    // A department admin needs departments: refused without, accepted with one.
    await inviteButton.click();
    await panel.waitFor();
    await panel.getByLabel('氏名').fill('部署 花子');
    await panel.getByLabel('メールアドレス').fill(departmentAdminEmail);
    await panel.getByLabel('役割').selectOption({ label: '部署管理者' });
    const departmentsGroup = panel.getByRole('group', { name: '担当する部署' });
    await panel.getByRole('button', { name: '招待メールを送る' }).click();
    await expectText(departmentsGroup.locator('.field-error'), '担当する部署を1つ以上選んでください。');
    expect(await departmentsGroup.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: departmentName });
    await expectNoViolations(page, 'invite panel with the department picker');
    await shot(page, 'team-invite-department-admin');
    await departmentsGroup.getByRole('checkbox', { name: departmentName }).check();
    await panel.getByRole('button', { name: '招待メールを送る' }).click();
    await panel.waitFor({ state: 'detached' });
    await expectText(rowOf(page, departmentAdminEmail).getByTestId('team-status'), '招待中');
    await expectText(rowOf(page, departmentAdminEmail), departmentName);
    await expectText(rowOf(page, departmentAdminEmail), '部署管理者');
    await company.activationLinkTo(departmentAdminEmail);

    // The same e-mail twice: the service's 409 shows at the e-mail field.
    await inviteButton.click();
    await panel.waitFor();
    await panel.getByLabel('氏名').fill('管理 二郎');
    await panel.getByLabel('メールアドレス').fill(adminEmail);
    await panel.getByRole('button', { name: '招待メールを送る' }).click();
    await expectText(fieldOf(panel, 'email').locator('.field-error'), 'このメールアドレスのアカウントはすでにあります。');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', name: '担当者を招待する' });

    // Sent again: a second mail with a new link.
    const departmentAdminMails = stack.mail.mailsTo(departmentAdminEmail).length;
    await page.getByRole('button', { name: '部署 花子 に招待メールを再送する' }).click();
    await expectText(page.getByTestId('team-notice'), `${departmentAdminEmail} に招待メールを再送しました。`);
    await waitFor(() => (stack.mail.mailsTo(departmentAdminEmail).length > departmentAdminMails ? true : undefined), { timeoutMs: 60_000, what: 'the invitation sent again' });
    await shot(page, 'team');

    // The invited admin sets a password from the link, in a browser of their own, and shows as active.
    const adminContext = await suite.browser.newContext({ locale: 'ja-JP' });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(await company.activationLinkTo(adminEmail));
    await adminPage.getByLabel('新しいパスワード（12文字以上）').fill(`${password}-admin`);
    await adminPage.getByRole('button', { name: '設定してログインへ' }).click();
    await adminPage.getByText('パスワードを設定しました').waitFor();
    await adminContext.close();
    await page.reload();
    await expectText(rowOf(page, adminEmail).getByTestId('team-status'), '有効');
    expect(await page.getByRole('button', { name: /招待メールを再送する$/ }).count()).toBe(1);

    // Disabling asks first; "keep" changes nothing.
    const disableButton = page.getByRole('button', { name: '部署 花子 を無効にする' });
    await disableButton.click();
    const confirmation = page.getByRole('alert').filter({ hasText: '元に戻せません' });
    await confirmation.waitFor();
    await expectNoViolations(page, 'disable confirmation');
    await confirmation.getByRole('button', { name: 'やめる' }).click();
    await confirmation.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', name: '部署 花子 を無効にする' });
    await expectText(rowOf(page, departmentAdminEmail).getByTestId('team-status'), '招待中');

    await disableButton.click();
    await confirmation.getByRole('button', { name: '無効にする', exact: true }).click();
    await expectText(page.getByTestId('team-notice'), '部署 花子 を無効にしました。');
    await expectText(rowOf(page, departmentAdminEmail).getByTestId('team-status'), '無効');
    expect(await rowOf(page, departmentAdminEmail).getByRole('button').count()).toBe(0);
    expect(await stack.query('auth-service', 'SELECT status FROM accounts WHERE status = $1', ['disabled'])).toHaveLength(1);
    await expectNoViolations(page, 'team screen after the changes');
    await context.close();
  }, 300_000);

  it('shows Team in English on a phone to an admin, who may invite no admins and disable no owner', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, bypassCSP: true });
    await context.addInitScript(`localStorage.setItem('anpi.language', 'en')`);
    const page = await context.newPage();
    await company.logIn(page, adminEmail, `${password}-admin`);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Team' }).click();
    await expectText(rowOf(page, adminEmail).locator('.badge'), 'you');
    await expectText(rowOf(page, departmentAdminEmail).getByTestId('team-status'), 'Disabled');
    await expectText(rowOf(page, adminEmail).getByTestId('team-status'), 'Active');
    await expectText(rowOf(page, adminEmail).getByTestId('team-two-step'), 'Not set up');
    // An admin invites no admins, and disables no owner.
    await page.getByRole('button', { name: 'Invite a colleague' }).click();
    const panel = page.getByRole('dialog', { name: 'Invite a colleague' });
    await panel.waitFor();
    expect(await panel.getByLabel('Role').locator('option').allTextContents()).toEqual(['Department admin', 'Member']);
    await expectNoViolations(page, 'invite panel, English, phone');
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await rowOf(page, ownerEmail).getByRole('button').count()).toBe(0);
    await expectNoViolations(page, 'team screen, English, phone');
    await context.close();
  }, 120_000);

  it("lets the owner reset a colleague's lost second factor after a confirmation that says what happens", async () => {
    // The admin sets up two-step verification (through the API, as the console's set-up does).
    await company.enrollTwoStep(adminEmail, `${password}-admin`);
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.logIn(page);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'チーム' }).click();
    await page.locator('#team-heading').waitFor();
    await expectText(page.getByTestId('team-table').locator('thead'), '2段階認証');
    await expectText(rowOf(page, adminEmail).getByTestId('team-two-step'), '設定済み');
    await expectText(rowOf(page, ownerEmail).getByTestId('team-two-step'), '未設定');
    // Nobody resets their own: the owner's row still offers nothing but the link to their directory person.
    expect(await rowOf(page, ownerEmail).getByRole('button').allTextContents()).toEqual(['名簿の人物を設定']);

    // It asks first, saying what happens; "keep" changes nothing and gives the focus back.
    const resetButton = page.getByRole('button', { name: '管理 太郎 の2段階認証をリセットする' });
    await resetButton.click();
    const confirmation = page.getByTestId('reset-two-step-confirmation');
    await confirmation.waitFor();
    expect(await confirmation.getAttribute('role')).toBe('alert');
    await expectText(confirmation, 'ログイン中のセッションも終わります');
    await expectText(confirmation, '次回のログインで2段階認証をもう一度設定');
    await expectText(confirmation, 'メールが届きます');
    await expectNoViolations(page, 'reset two-step confirmation');
    await shot(page, 'team-reset-two-step');
    await confirmation.getByRole('button', { name: 'やめる' }).click();
    await confirmation.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', name: '管理 太郎 の2段階認証をリセットする' });
    await expectText(rowOf(page, adminEmail).getByTestId('team-two-step'), '設定済み');

    const mailsBefore = stack.mail.mailsTo(adminEmail).length;
    await resetButton.click();
    await confirmation.getByRole('button', { name: 'リセットする' }).click();
    await expectText(page.getByTestId('team-notice'), '管理 太郎 の2段階認証をリセットしました。');
    await expectText(rowOf(page, adminEmail).getByTestId('team-two-step'), '未設定');
    expect(await page.getByRole('button', { name: '管理 太郎 の2段階認証をリセットする' }).count()).toBe(0);
    const notice = await waitFor(() => stack.mail.mailsTo(adminEmail).slice(mailsBefore).pop(), { timeoutMs: 60_000, what: 'the reset notice mail' });
    expect(notice.text).toContain('2段階認証（認証アプリとリカバリーコード）をリセットしました');
    expect(await stack.query('auth-service', 'SELECT count(*)::int AS factors FROM mfa_credentials', [])).toEqual([{ factors: 0 }]);
    await expectNoViolations(page, 'team screen after the reset');

    // The admin gets in with the password alone again (this company does not require a second factor).
    const adminContext = await suite.browser.newContext({ locale: 'ja-JP' });
    await company.logIn(await adminContext.newPage(), adminEmail, `${password}-admin`);
    await adminContext.close();
    await context.close();
  }, 120_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });
  const rowOf = (page: Page, email: string) => page.getByTestId('team-table').locator('tbody tr', { hasText: email });
  const fieldOf = (panel: ReturnType<Page['getByRole']>, name: string) => panel.locator('.field', { has: panel.page().locator(`[name=${name}]`) });
});
