import { waitFor } from '@anpi/testing';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/**
 * Staff answer their own safety check in the console (issue 6 §1), in Debian's chromium against
 * the real services: the owner links their account to their directory person on the Team
 * screen, a safety check to everyone arrives, the "your safety check" region above the screen
 * takes the owner's answer (refused first where a required question is empty), the dashboard
 * counts it, and the answer can be changed. A member whose account is not linked sees none of it.
 */
describe('answering one’s own safety check in the console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'own-answer', 'Own-安否-answer-2026');
  const { suffix } = company;
  const ownerName = '検証 花子';
  const ownerNumber = `OWN-${suffix}`;
  const memberEmail = `member-${suffix}@example.test`;
  const memberName = '部員 次郎';
  const title = `本社で火災 ${suffix}`;

  beforeAll(async () => {
    await company.signUp();
    const token = await company.ownerToken();
    // The owner as a person of the directory (the one the alert will ask), and a member colleague with console access.
    await company.gateway('tenant', 'POST', '/v1/directory/employees', {
      body: { employeeNumber: ownerNumber, nameKanji: ownerName, nameKana: 'ケンショウ ハナコ', companyEmail: `${ownerNumber.toLowerCase()}@example.test`, workPrefecture: '13' },
      token,
    });
    await company.gateway('auth', 'POST', '/v1/invitations', { body: { email: memberEmail, displayName: memberName, role: 'member', departmentIds: [] }, token });
    await company.activate(memberEmail);
  }, 240_000);

  it('lets the owner link their own account on the Team screen, then answer and change their answer above the screen, counted on the dashboard', async () => {
    // bypassCSP: axe-core is injected to audit the region and the panel.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.logIn(page);
    // Not linked yet: nothing above the screen, and Settings says who can link the account.
    await page.goto(`${stack.consoleUrl}/settings`);
    await expectText(page.getByTestId('directory-person-status'), '紐付けられていません');
    expect(await page.getByTestId('own-safety-check').count()).toBe(0);

    // The Team screen: the owner's own row has no directory person, and a button to set one.
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'チーム' }).click();
    await expectText(ownerRow(page).getByTestId('team-person'), '—');
    await ownerRow(page).getByRole('button', { name: `${ownerName} の名簿の人物を設定` }).click();
    const panel = page.getByRole('dialog', { name: `${ownerName} の名簿の人物` });
    await panel.waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'h2', name: `${ownerName} の名簿の人物` });
    // The search starts from the account's name and finds the owner's person.
    await expect(panel.getByLabel('名簿を氏名で検索').inputValue()).resolves.toBe(ownerName);
    const choose = panel.getByRole('button', { name: `${ownerName} (${ownerNumber}) と紐付ける` });
    await choose.waitFor();
    await expectNoViolations(page, 'directory person panel');
    await choose.click();
    await panel.waitFor({ state: 'detached' });
    await expectText(page.getByTestId('team-notice'), `${ownerName} を ${ownerName} (${ownerNumber}) と紐付けました。`);
    await expectText(ownerRow(page).getByTestId('team-person'), ownerNumber);
    await expectNoViolations(page, 'team screen with a linked directory person');

    // The member cannot take the same person: the service's 409 in words.
    await memberRow(page).getByRole('button', { name: `${memberName} の名簿の人物を設定` }).click();
    const memberPanel = page.getByRole('dialog', { name: `${memberName} の名簿の人物` });
    await memberPanel.getByLabel('名簿を氏名で検索').fill(ownerName);
    await memberPanel.getByRole('button', { name: `${ownerName} (${ownerNumber}) と紐付ける` }).click();
    await expectText(memberPanel.getByRole('alert'), 'この人はすでに別のアカウントと紐付けられています。');
    await expectNoViolations(page, 'directory person panel refusing a person already linked');
    await page.keyboard.press('Escape');
    await memberPanel.waitFor({ state: 'detached' });
    await expectText(memberRow(page).getByTestId('team-person'), '—');

    // A safety check to everyone (through the API), once dispatch and response-collection know the owner's person.
    const token = await company.ownerToken();
    const target = { kind: 'all' };
    await waitFor(async () => ((await company.gateway<{ count: number }>('dispatch', 'POST', '/v1/alerts/recipient-count', { body: { target }, token })).count === 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatch to know the owner’s person',
    });
    const { id: alertId } = await company.gateway<{ id: string }>('dispatch', 'POST', '/v1/alerts', {
      body: { title, message: '安否を回答してください。', target, channels: ['email'] },
      token,
      headers: { 'idempotency-key': `own-answer-${suffix}` },
    });
    await waitFor(async () => ((await company.gateway<{ items: unknown[] }>('responses', 'GET', `/v1/alerts/${alertId}/non-responders`, { token })).items.length === 1 ? true : undefined), {
      timeoutMs: 90_000,
      what: 'response-collection to know the alert’s recipient',
    });

    // On the alert's dashboard (a new screen: the list is read again), the region asks the owner.
    await page.goto(`${stack.consoleUrl}/alerts/${alertId}`);
    const region = page.getByRole('region', { name: `あなたの安否確認: ${title}` });
    await region.waitFor();
    await expectText(region.getByTestId('own-answer'), 'まだ回答していません。');
    await expectText(page.getByTestId('responded'), '0', 90_000);
    await expectNoViolations(page, 'own safety check region, not answered');

    // Sent without the required question: the service's word at that question, and the keyboard there.
    const send = region.getByRole('button', { name: '回答する' });
    await send.click();
    const safety = region.getByRole('group', { name: 'あなたの安否（必須）' });
    await safety.locator('.field-error').waitFor();
    expect(await safety.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: '無事' });

    await safety.getByRole('radio', { name: '無事', exact: true }).check();
    await send.click();
    await expectText(region.getByRole('status'), '回答を受け付けました');
    await expectText(region.getByTestId('own-answer'), 'あなたの回答');
    await expectText(region.getByTestId('own-answer'), '無事');
    await expectText(page.getByTestId('responded'), '1', 30_000);
    await expectText(page.getByTestId('answer-safety-safe'), '1');
    await expectNoViolations(page, 'own safety check region, answered');
    await shot(page, 'own-safety-check');

    // Changed: the form was prefilled, the new answer replaces the old one, still one person responded.
    const change = region.getByRole('button', { name: '回答を変更する' });
    expect(await safety.getByRole('radio', { name: '無事', exact: true }).isChecked()).toBe(true);
    await safety.getByRole('radio', { name: '軽傷', exact: true }).check();
    await change.click();
    await expectText(region.getByTestId('own-answer'), '軽傷');
    await expectText(region.getByRole('status'), '回答を受け付けました');
    await expectText(page.getByTestId('answer-safety-minor_injury'), '1', 30_000);
    await expectText(page.getByTestId('responded'), '1');

    // Another screen reads the list again: the answer as stored, and Settings says the account is linked.
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '設定' }).click();
    await expectText(page.getByTestId('directory-person-status'), '紐付けられています');
    await expectText(region.getByTestId('own-answer'), '軽傷');
    await context.close();
  }, 300_000);

  it('shows a member whose account is not linked no region, and Settings says an owner or admin can link it', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await company.logIn(page, memberEmail);
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '設定' }).click();
    await expectText(page.getByTestId('directory-person-status'), 'オーナーまたは管理者が「チーム」画面で紐付ける');
    expect(await page.getByTestId('own-safety-check').count()).toBe(0);
    await context.close();
  }, 120_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });
  const ownerRow = (page: Page) => page.getByTestId('team-table').locator('tbody tr', { hasText: company.ownerEmail });
  const memberRow = (page: Page) => page.getByTestId('team-table').locator('tbody tr', { hasText: memberEmail });
});
