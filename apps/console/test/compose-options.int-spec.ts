import { resolve } from 'node:path';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

/** What the dispatch API answers about one alert (the part checked here). */
interface AlertRecord {
  channels: string[];
  createdAt: string;
  closesAt: string;
  widening: { afterMinutes: number; widenedAt: string | null } | null;
}

/**
 * The options of a safety check, composed in Debian's chromium against the real services: the
 * channels in one list, the chosen first and numbered in the order they are tried (changed with
 * buttons named after the channel, the focus kept), the time answers close and the widening to everyone, kept over a reload and sent as
 * chosen (checked through the dispatch API), then shown on the alert's dashboard.
 */
describe('the channel order, closing time and widening of a safety check', () => {
  const suite = browserSuite();
  const company = new TestCompany(suite.stack, 'options', 'Options-安否-test-2026');
  const { suffix } = company;

  it('sends the channels in the order set, closes after the hours set and widens to everyone after the minutes set', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.signUp();
    const token = await company.ownerToken();
    const members = await Promise.all(
      ['O-1', 'O-2'].map((number) =>
        company.gateway<{ id: string }>('tenant', 'POST', '/v1/directory/employees', {
          token,
          body: { employeeNumber: `${number}-${suffix}`, nameKanji: `現場 ${number}`, nameKana: 'ゲンバ', companyEmail: `${number.toLowerCase()}-${suffix}@example.test`, workPrefecture: '13' },
        }),
      ),
    );
    const team = await company.gateway<{ id: string }>('tenant', 'POST', '/v1/directory/groups', { token, body: { name: `現場班 ${suffix}`, description: '' } });
    await company.gateway('tenant', 'PUT', `/v1/directory/groups/${team.id}/members`, { token, body: { employeeIds: members.map((member) => member.id) } });

    await company.logIn(page);
    await page.getByRole('link', { name: '安否確認を送信' }).click();
    await page.locator('#compose-heading').waitFor();

    // "Everyone" is asked already: no widening offered.
    expect(await page.getByRole('checkbox', { name: /全社員へ広げる/ }).count()).toBe(0);
    await page.getByRole('radio', { name: 'グループ' }).check();
    await page.getByRole('checkbox', { name: `現場班 ${suffix}` }).check();
    await expectText(page.getByTestId('recipient-count'), '対象者: 2 名', 90_000);
    await page.getByLabel('件名').fill(`現場の安否確認 ${suffix}`);
    await page.getByLabel('本文').fill('安否を回答してください。');

    // SMS, then e-mail (ticked again, so it is tried last); then e-mail moved first with its own button, from the keyboard.
    const order = page.getByTestId('channel-order');
    const channelsInOrder = async () => Promise.all((await order.locator('li[data-chosen=true]').all()).map((item) => item.getAttribute('data-channel')));
    const email = page.getByRole('checkbox', { name: 'メール', exact: true });
    await email.uncheck();
    await page.getByRole('checkbox', { name: 'SMS', exact: true }).check();
    await email.focus();
    await page.keyboard.press('Space');
    expect(await channelsInOrder()).toEqual(['sms', 'email']);
    await expectText(page.getByTestId('channel-announcement'), 'メールを 2 番目に加えました（SMS → メール）。');
    // Its row moved under SMS's; the keyboard stayed on its check box.
    expect((await focusedElement(page)).name).toBe('メール');
    // Every channel once, in one list: the chosen numbered with their buttons, the others only to tick.
    expect(await order.locator('li').count()).toBe(5);
    await expectText(order.locator('li[data-channel=sms]'), '1 番目');
    await expectText(order.locator('li[data-channel=email]'), '2 番目');
    expect(await order.locator('li[data-channel=line]').getByRole('button').count()).toBe(0);
    expect(await page.getByRole('checkbox', { name: 'LINE', exact: true }).isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'SMSを上へ' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'メールを上へ' }).focus();
    await page.keyboard.press('Enter');
    expect(await channelsInOrder()).toEqual(['email', 'sms']);
    await expectText(page.getByTestId('channel-announcement'), 'メールを 1 番目にしました（メール → SMS）。');
    // E-mail is first now, so its "up" is disabled: the focus is on its "down", not lost with the moved row.
    expect((await focusedElement(page)).name).toBe('メールを下へ');
    await expectText(page.locator('fieldset', { has: order }), '前の経路で届かないことが確定したとき');

    // Answers taken for 24 hours; everyone asked after 30 minutes (60 until changed).
    const closing = page.getByLabel('回答の受付を締め切るまで（時間）');
    expect(await closing.inputValue()).toBe('72');
    // Outside its range the box says the range with its unit, and the alert cannot be sent.
    await closing.fill('0');
    await expectText(page.locator('.field', { has: closing }).locator('.field-error'), '1〜720 時間の整数で入力してください。');
    expect(await closing.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('button', { name: '送信する' }).isDisabled()).toBe(true);
    await closing.fill('24');
    expect(await closing.getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('.field', { has: closing }).locator('.field-error').count()).toBe(0);
    await page.getByRole('checkbox', { name: '60 分後に全社員へ広げる（出張などで対象外の地域にいる人のため）' }).check();
    const minutes = page.getByLabel('全社員へ広げるまで（分）');
    expect(await minutes.inputValue()).toBe('60');
    await minutes.fill('30');
    await page.getByRole('checkbox', { name: '30 分後に全社員へ広げる（出張などで対象外の地域にいる人のため）' }).waitFor();
    await expectNoViolations(page, 'the compose form with the channel order, closing time and widening shown');
    await page.screenshot({ path: resolve(screenshotDirectory, 'compose-options.png'), fullPage: true });

    // A reload keeps all of it.
    await page.reload();
    await expectText(page.getByTestId('recipient-count'), '対象者: 2 名', 60_000);
    expect(await channelsInOrder()).toEqual(['email', 'sms']);
    expect(await page.getByLabel('回答の受付を締め切るまで（時間）').inputValue()).toBe('24');
    expect(await page.getByLabel('全社員へ広げるまで（分）').inputValue()).toBe('30');

    await page.getByRole('button', { name: '送信する' }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    const alertId = page.url().split('/').pop()!;
    const alert = await company.gateway<AlertRecord>('dispatch', 'GET', `/v1/alerts/${alertId}`, { token });
    expect(alert.channels).toEqual(['email', 'sms']);
    expect(Math.abs(Date.parse(alert.closesAt) - Date.parse(alert.createdAt) - 24 * 3_600_000)).toBeLessThan(60_000);
    expect(alert.widening).toEqual({ afterMinutes: 30, widenedAt: null });

    // The dashboard says when answers close and when everyone is asked.
    const schedule = page.getByTestId('alert-schedule');
    await expectText(schedule, '回答の締め切り: ');
    await expectText(schedule, 'に全社員へ広げます');
    expect(await schedule.locator('time').first().getAttribute('datetime')).toBe(alert.closesAt);
    await context.close();
  }, 300_000);
});
