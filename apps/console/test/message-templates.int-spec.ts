import { waitFor } from '@anpi/testing';
import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectFieldError, expectText, TestCompany } from './test-company';

/**
 * A company's own message texts, in Debian's chromium against the real services: the owner sees
 * Anpi's defaults in the settings, a text with an unknown variable is refused at its field,
 * Japanese texts with the alert's message in the SMS are previewed (segments counted) and saved;
 * the compose screen previews an alert with the company's subject and refuses to send one the
 * chosen SMS channel cannot carry, naming the problem.
 */
describe('message texts in the console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'texts', 'Templates-安否-test-2026');
  const { suffix, slug, displayName: companyName } = company;
  const ownTexts = {
    subject: '【{{companyName}}】{{alertTitle}}',
    body: '{{name}} さん\n{{alertBody}}\n回答はこちら: {{answerUrl}}',
    // The alert's own message in the SMS: a long message no longer fits in the segments allowed.
    shortBody: '{{alertTitle}} {{alertBody}} {{answerUrl}}',
  };

  it('writes, previews and saves Japanese texts, then previews an alert with them and refuses one SMS cannot carry', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.signUp();
    await company.logIn(page);

    // Settings: the defaults, in Japanese (the console's language).
    await page.getByRole('link', { name: '設定', exact: true }).click();
    const section = page.locator('form[aria-labelledby=templates-heading]');
    await expectText(section.getByTestId('template-status'), 'Anpi の標準の文面を使用中');
    expect(await field(section, 'ja.subject').inputValue()).toBe('【安否確認】{{alertTitle}}');
    expect(await field(section, 'ja.shortBody').inputValue()).toContain('{{answerUrl}}');

    // A misspelt variable: refused by the service, shown at the body, which gets the focus.
    await field(section, 'ja.body').fill('{{nmae}} さん\n{{answerUrl}}');
    await section.getByRole('button', { name: '文面を保存' }).click();
    await expectFieldError(section, 'ja.body', '{{nmae}}');
    await expectFocusOn(section, 'ja.body');
    await expectText(section.getByRole('alert'), '印の付いた欄を直してください');

    // The company's texts, the SMS one with the alert's message in it: previewed unsaved, segments counted.
    await field(section, 'ja.subject').fill(ownTexts.subject);
    await field(section, 'ja.body').fill(ownTexts.body);
    await field(section, 'ja.shortBody').fill('{{alertTitle}}  {{answerUrl}}');
    // The variable button puts {{alertBody}} at the cursor: between the two spaces after the title.
    await field(section, 'ja.shortBody').press('Home');
    for (let press = 0; press < 15; press += 1) await field(section, 'ja.shortBody').press('ArrowRight');
    await section.getByRole('button', { name: '{{alertBody}} を挿入' }).click();
    expect(await field(section, 'ja.shortBody').inputValue()).toBe('{{alertTitle}} {{alertBody}} {{answerUrl}}');
    await expectText(section.getByTestId('template-status'), '保存していない変更があります');
    await section.getByRole('button', { name: 'プレビュー（保存しません）' }).click();
    const sms = section.getByTestId('template-previews').locator('li[data-channel=sms]');
    await expectText(sms, '身の安全を確保してから、回答してください。');
    expect(await sms.textContent()).toMatch(/SMS \d+ 通分（UCS-2）/);
    expect(await field(section, 'ja.body').getAttribute('aria-invalid')).toBeNull();
    await expectNoViolations(page, 'message texts');
    await shot(page, 'message-templates-preview');

    // Saved, and still there after a reload.
    await section.getByRole('button', { name: '文面を保存' }).click();
    await expectText(section, '文面を保存しました。');
    await page.reload();
    await expectText(section.getByTestId('template-status'), '自社の文面を使用中');
    expect(await field(section, 'ja.subject').inputValue()).toBe(ownTexts.subject);
    expect(await field(section, 'ja.shortBody').inputValue()).toBe(ownTexts.shortBody);
    // English was never touched: it stays on the defaults.
    await section.getByRole('radio', { name: /English/ }).check();
    await expectText(section.getByTestId('template-status'), 'Anpi の標準の文面を使用中');

    // The company's name comes to dispatch over Kafka; the preview's subject carries it.
    const [{ id: tenantId }] = await stack.query<{ id: string }>('tenant-service', 'SELECT id FROM tenants WHERE slug = $1', [slug]);
    await waitFor(async () => ((await stack.query('alert-dispatch-service', 'SELECT 1 FROM known_tenants WHERE tenant_id = $1', [tenantId])).length > 0 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatch to know the company',
    });

    // Compose: the alert as recipients will get it, with the company's subject, only the channels chosen, in order.
    await page.getByRole('link', { name: '安否確認を送信', exact: true }).click();
    await page.locator('#compose-heading').waitFor();
    await page.getByLabel('件名').fill(`地震発生 ${suffix}`);
    await page.getByLabel('本文').fill('身の安全を確保して回答してください。');
    await page.getByRole('checkbox', { name: 'SMS' }).check();
    await page.getByRole('button', { name: '送信内容を確認' }).click();
    const previews = page.getByTestId('compose-previews');
    await expectText(previews.locator('li[data-channel=email]'), `件名: 【${companyName}】地震発生 ${suffix}`);
    expect(await Promise.all((await previews.locator('li').all()).map((item) => item.getAttribute('data-channel')))).toEqual(['email', 'sms']);
    expect(await previews.locator('li[data-channel=sms]').textContent()).toMatch(/SMS \d+ 通分（UCS-2）/);
    await expectNoViolations(page, 'compose preview');
    await shot(page, 'compose-preview');
    // The other language is one switch away (English is on Anpi's defaults).
    await page.getByRole('radio', { name: 'English' }).check();
    await expectText(previews.locator('li[data-channel=email]'), `[Safety check] 地震発生 ${suffix}`);

    // A message too long for the SMS template: refused with the problem named, nothing sent.
    await page.getByLabel('本文').fill('建物の被害を確認してください。'.repeat(20));
    await expectText(page.locator('section[aria-labelledby=compose-preview-heading]'), 'もう一度「送信内容を確認」を押してください');
    await page.getByRole('button', { name: '送信する' }).click();
    const refusal = page.getByTestId('does-not-fit');
    await expectText(refusal, '選んだ送信経路で送れないメッセージがあります');
    // The problem in Japanese too: the service's English is for API users.
    expect(await refusal.textContent()).toMatch(/SMS が \d+ 通分（UCS-2）になり、上限の \d+ 通を超えます（日本語の文面、再送の印を含む）。/);
    expect(await refusal.textContent()).not.toContain('text needs');
    expect(page.url()).not.toMatch(/\/alerts\//);
    expect(await stack.query('alert-dispatch-service', 'SELECT id FROM alerts WHERE tenant_id = $1', [tenantId])).toEqual([]);
    await shot(page, 'compose-does-not-fit');
    await context.close();
  }, 240_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });
});

/** A text field of the templates form by its name (`ja.body`). */
const field = (section: Locator, name: string) => section.locator(`[name="${name}"]`);

/** The keyboard is on the control named `name` (a refused field gets the focus). */
async function expectFocusOn(section: Locator, name: string) {
  // Code run in the page: a string, as this file is type-checked without the DOM library.
  const focusedName = () => section.page().evaluate<string | null>("document.activeElement && document.activeElement.getAttribute('name')");
  await waitFor(async () => ((await focusedName()) === name ? true : undefined), { timeoutMs: 5_000, what: `the focus on ${name}` });
}
