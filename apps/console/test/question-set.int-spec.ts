import { waitFor } from '@anpi/testing';
import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectFieldError, expectText, TestCompany } from './test-company';

/** What the dispatch API answers about one alert (the part checked here). */
interface AlertRecord {
  questions: { id: string; kind: string; label: { ja: string; en: string }; choices?: { label: { ja: string; en: string } }[] }[];
}

/**
 * A company's own questions (issue 5 §1), in Debian's chromium against the real services: the
 * owner adds a choice question with three choices and a text question in Settings, a label too
 * long is refused at its field, the set is saved and still there after a reload; the compose
 * screen lists the questions the alert will ask, and the alert sent from it asks the new one;
 * back to Anpi's defaults, the alert already sent keeps its questions.
 */
describe('the company question set in the console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'questions', 'Questions-安否-test-2026');
  const { suffix } = company;

  it('adds, refuses at the field, saves, asks the new questions in an alert, and goes back to the defaults', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.signUp();
    const token = await company.ownerToken();
    // Someone to send the safety check to.
    const employeeNumber = `Q-1-${suffix}`;
    await company.gateway('tenant', 'POST', '/v1/directory/employees', {
      body: { employeeNumber, nameKanji: '質問 一郎', nameKana: 'シツモン イチロウ', companyEmail: `${employeeNumber.toLowerCase()}@example.test`, workPrefecture: '13' },
      token,
    });
    await company.logIn(page);

    // Settings: Anpi's five default questions.
    await page.getByRole('link', { name: '設定', exact: true }).click();
    const section = page.locator('form[aria-labelledby=questions-heading]');
    await expectText(section.getByTestId('question-set-status'), 'Anpi の標準の質問項目を使用中');
    expect(await field(section, 'questions.0.label.ja').inputValue()).toBe('あなたの安否');
    expect(await section.locator('fieldset.question-editor').count()).toBe(5);

    // A choice question: the keyboard goes to its first label; it comes with two choices, a third is added.
    await section.getByRole('button', { name: '選択式の質問を追加' }).click();
    await expectFocusOn(page, named('questions.5.label.ja'));
    await expectText(section.getByRole('status').first(), '質問 6 を追加しました。');
    await field(section, 'questions.5.label.ja').fill('自宅の被害');
    await field(section, 'questions.5.label.en').fill('Damage to your home');
    await field(section, 'questions.5.choices.0.label.ja').fill('被害なし');
    await field(section, 'questions.5.choices.0.label.en').fill('None');
    await field(section, 'questions.5.choices.1.label.ja').fill('一部損壊');
    await field(section, 'questions.5.choices.1.label.en').fill('Partly damaged');
    await section.getByRole('button', { name: '質問 6 に選択肢を追加' }).click();
    await expectFocusOn(page, named('questions.5.choices.2.label.ja'));
    await field(section, 'questions.5.choices.2.label.ja').fill('全壊');
    await field(section, 'questions.5.choices.2.label.en').fill('Destroyed');

    // A text question, its English label too long: refused by the service at that field, which gets the keyboard.
    await section.getByRole('button', { name: '記述式の質問を追加' }).click();
    await field(section, 'questions.6.label.ja').fill('必要な支援');
    await field(section, 'questions.6.label.en').fill('x'.repeat(201));
    await section.getByRole('button', { name: '質問項目を保存' }).click();
    await expectFieldError(section, 'questions.6.label.en', '200文字以内で入力してください');
    await expectFocusOn(page, named('questions.6.label.en'));
    await expectText(section.getByRole('alert'), '印の付いた欄を直してください');
    await expectNoViolations(page, 'the question set editor with a refused field');
    await shot(page, 'question-set-refused');

    // Corrected, moved above the choice question (the keyboard stays on the move), saved.
    await field(section, 'questions.6.label.en').fill('What help do you need?');
    await section.getByRole('button', { name: '質問 7 を上へ' }).click();
    await expectFocusOn(page, '[data-focus=up-5]');
    expect(await field(section, 'questions.5.label.ja').inputValue()).toBe('必要な支援');
    await section.getByRole('button', { name: '質問項目を保存' }).click();
    await expectText(section, '質問項目を保存しました。');

    // Still there after a reload, in the order saved.
    await page.reload();
    await expectText(section.getByTestId('question-set-status'), '自社の質問項目を使用中');
    expect(await field(section, 'questions.5.label.ja').inputValue()).toBe('必要な支援');
    expect(await field(section, 'questions.6.label.ja').inputValue()).toBe('自宅の被害');
    expect(await field(section, 'questions.6.choices.2.label.en').inputValue()).toBe('Destroyed');
    await expectNoViolations(page, 'the question set editor');
    await shot(page, 'question-set-saved');

    // Compose: the questions the alert will ask, with the way to change them.
    await page.getByRole('link', { name: '安否確認を送信', exact: true }).click();
    await page.locator('#compose-heading').waitFor();
    const summary = page.getByTestId('compose-questions');
    await expectText(summary, '自宅の被害');
    await expectText(summary, '必要な支援');
    await page.getByRole('link', { name: '質問項目を変更する', exact: true }).waitFor();
    await expectNoViolations(page, 'the compose form with its questions');

    // Sent once dispatch knows the person (over Kafka): the alert asks the company's questions.
    await page.getByLabel('件名').fill(`地震発生 ${suffix}`);
    await page.getByLabel('本文').fill('自宅の状況も回答してください。');
    await expectText(page.getByTestId('recipient-count'), '対象者: 1 名', 90_000);
    await page.getByRole('button', { name: '送信する' }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    const alertId = page.url().split('/').pop()!;
    const sentQuestions = async () => (await company.gateway<AlertRecord>('dispatch', 'GET', `/v1/alerts/${alertId}`, { token })).questions;
    const home = (await sentQuestions()).find((question) => question.label.ja === '自宅の被害');
    expect(home?.choices?.map((choice) => choice.label.ja)).toEqual(['被害なし', '一部損壊', '全壊']);
    expect((await sentQuestions()).map((question) => question.label.ja)).toContain('必要な支援');

    // Back to Anpi's defaults, after saying what will happen; the alert already sent keeps its questions.
    await page.getByRole('link', { name: '設定', exact: true }).click();
    await expectText(section.getByTestId('question-set-status'), '自社の質問項目を使用中');
    await section.getByRole('button', { name: 'Anpi の標準の質問項目に戻す' }).click();
    await expectText(section.getByRole('alert'), '自社の質問項目は削除されます');
    await section.getByRole('button', { name: '標準の質問項目に戻す', exact: true }).click();
    await expectText(section, '質問項目を Anpi の標準に戻しました。');
    await expectText(section.getByTestId('question-set-status'), 'Anpi の標準の質問項目を使用中');
    expect(await section.locator('fieldset.question-editor').count()).toBe(5);
    expect((await sentQuestions()).map((question) => question.label.ja)).toContain('自宅の被害');
    await context.close();
  }, 300_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });
});

/** A control of the question set editor by its name (the service's path for it, `questions.3.label.en`). */
const named = (name: string) => `[name="${name}"]`;
const field = (section: Locator, name: string) => section.locator(named(name));

/** The keyboard is on the control `selector` finds. */
async function expectFocusOn(page: Page, selector: string) {
  // Code run in the page: a string, as this file is type-checked without the DOM library.
  const focused = () => page.evaluate<boolean>(`document.activeElement !== null && document.activeElement.matches(${JSON.stringify(selector)})`);
  await waitFor(async () => ((await focused()) ? true : undefined), { timeoutMs: 5_000, what: `the focus on ${selector}` });
}
