import { waitFor } from '@anpi/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

interface Created {
  id: string;
}

/**
 * The crisis team chases those who have not answered, in Debian's chromium against the real
 * services: the non-responders table names each person and gives their mobile phone as a link
 * to call (read from the directory by id: response collection keeps no names), filters by
 * department on the server (a department includes its sub-departments, offered as paths), and
 * downloads the filtered list as CSV through the API client.
 */
describe('chasing the non-responders', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'chase', 'Chase-安否-test-2026');
  const { suffix } = company;

  it('names them with a phone to call, filters by department and downloads the list as CSV', async () => {
    await company.signUp();
    const token = await company.ownerToken();

    // Two in sales (one with a mobile phone, one in its Tokyo section), one in general affairs.
    const sales = await tenantApi<Created>(token, 'POST', '/v1/directory/departments', { name: `営業部 ${suffix}` });
    const tokyoSales = await tenantApi<Created>(token, 'POST', '/v1/directory/departments', { name: `東京営業課 ${suffix}`, parentId: sales.id });
    const affairs = await tenantApi<Created>(token, 'POST', '/v1/directory/departments', { name: `総務部 ${suffix}` });
    const phone = '+819011112222';
    await createEmployee(token, 'S-1', '営業 一郎', 'エイギョウ イチロウ', sales.id, { mobilePhone: phone });
    await createEmployee(token, 'S-2', '営業 二郎', 'エイギョウ ジロウ', tokyoSales.id);
    const affairsNumber = (await createEmployee(token, 'G-1', '総務 花子', 'ソウム ハナコ', affairs.id)).employeeNumber;

    const target = { kind: 'all' };
    await waitFor(async () => ((await company.gateway<{ count: number }>('dispatch', 'POST', '/v1/alerts/recipient-count', { body: { target }, token })).count === 3 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'dispatch to know the three people',
    });
    const { id: alertId } = await company.gateway<Created>('dispatch', 'POST', '/v1/alerts', {
      body: { title: `地震 ${suffix}`, message: '安否を回答してください。', target, channels: ['email'] },
      token,
      headers: { 'idempotency-key': `chase-${suffix}` },
    });
    // The dashboard reads the list once at first: the fan-out must have reached response collection.
    await waitFor(async () => ((await nonResponders(token, alertId)).items.length === 3 ? true : undefined), { timeoutMs: 90_000, what: 'the three non-responders' });

    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true, acceptDownloads: true });
    const page = await context.newPage();
    const directoryRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/tenant/v1/directory/employees?ids=')) directoryRequests.push(request.url());
    });
    await company.logIn(page);
    await page.goto(`${stack.consoleUrl}/alerts/${alertId}`);
    await expectText(page.getByTestId('non-responder-count'), '未回答者 3 名');

    // Names and the phone, from the directory in one request by id (no names in the URL).
    const table = page.getByRole('table', { name: '未回答' });
    for (const name of ['営業 一郎', '営業 二郎', '総務 花子']) await expectText(table, name);
    const call = table.getByRole('link', { name: phone });
    expect(await call.getAttribute('href')).toBe(`tel:${phone}`);
    expect(await table.getByRole('link').count()).toBe(1);
    await page.getByRole('button', { name: `代理回答: 総務 花子（社員番号 ${affairsNumber}）` }).waitFor();
    expect(directoryRequests).toHaveLength(1);
    expect(new URL(directoryRequests[0]).searchParams.get('ids')?.split(',')).toHaveLength(3);
    expect(decodeURIComponent(directoryRequests[0])).not.toMatch(/営業|総務/);
    await expectNoViolations(page, 'the dashboard with the non-responders named, a phone to call and the filter');
    await shot(page, 'non-responders-named');

    // The departments as a tree of paths: sales, then its Tokyo section under it, then general affairs.
    const departmentFilter = page.getByRole('group', { name: '未回答者の絞り込み' }).getByLabel('部署（配下の部署を含む）');
    const tokyoPath = `営業部 ${suffix} › 東京営業課 ${suffix}`;
    await waitFor(async () => ((await departmentFilter.locator('option', { hasText: tokyoPath }).count()) === 1 ? true : undefined), {
      timeoutMs: 60_000,
      what: 'the departments of the breakdown in the filter',
    });
    const ownOptions = (await departmentFilter.locator('option').allTextContents()).filter((label) => label.includes(suffix));
    expect(ownOptions).toEqual([`営業部 ${suffix}`, tokyoPath, `総務部 ${suffix}`]);

    // Sales includes its Tokyo section: 二郎, placed only in the section, is listed with 一郎.
    const salesRead = page.waitForRequest((request) => request.url().includes('/non-responders?') && request.url().includes(`department=${sales.id}`));
    await departmentFilter.selectOption({ label: `営業部 ${suffix}` });
    await salesRead;
    await expectText(page.getByTestId('non-responder-count'), '未回答者 2 名');
    for (const name of ['営業 一郎', '営業 二郎']) await expectText(table, name);
    expect(await table.textContent()).not.toContain('総務');

    // Asked again: only the two of this list get a reminder; general affairs is left alone.
    const mailTo = (number: string) => `${number}-${suffix}`.toLowerCase() + '@example.test';
    await waitFor(() => ['S-1', 'S-2', 'G-1'].every((number) => stack.mail.mailsTo(mailTo(number)).length === 1), { timeoutMs: 60_000, what: 'the first e-mail to each of the three' });
    const resendRequest = page.waitForRequest((request) => request.url().endsWith(`/api/dispatch/v1/alerts/${alertId}/resend`));
    await page.getByRole('button', { name: 'この一覧の 2 名に再送する' }).click();
    const asked = (await resendRequest).postDataJSON() as { recipientIds: string[] };
    expect(Object.keys(asked)).toEqual(['recipientIds']);
    expect(asked.recipientIds).toHaveLength(2);
    expect((await resendRequest).headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    await expectText(page.getByTestId('non-responders-resend-status'), 'この一覧の 2 名に再送しました（2 回目の送信）。');
    await waitFor(() => ['S-1', 'S-2'].every((number) => stack.mail.mailsTo(mailTo(number)).length === 2), { timeoutMs: 60_000, what: 'a reminder to each of the two' });
    expect(stack.mail.mailsTo(mailTo('S-1'))[1].text).toContain('【再送】');
    expect(stack.mail.mailsTo(mailTo('G-1'))).toHaveLength(1);

    // Filtered to general affairs on the server: only 花子 is left, her name already known.
    const filteredRead = page.waitForRequest((request) => request.url().includes('/non-responders?') && request.url().includes(`department=${affairs.id}`));
    await departmentFilter.selectOption({ label: `総務部 ${suffix}` });
    await filteredRead;
    await expectText(page.getByTestId('non-responder-count'), '未回答者 1 名');
    await expectText(table, '総務 花子');
    expect(await table.textContent()).not.toContain('営業');
    expect(directoryRequests).toHaveLength(1);

    // The same list as CSV for Excel (Shift_JIS), fetched with the access token, with the same filter.
    await page.getByRole('group', { name: '未回答者一覧の CSV の文字コード' }).getByRole('radio', { name: /Shift_JIS/ }).check();
    const [download, csvRequest] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForRequest((request) => request.url().includes('/non-responders.csv')),
      page.getByRole('button', { name: 'この一覧を CSV でダウンロード' }).click(),
    ]);
    const query = new URL(csvRequest.url()).searchParams;
    expect(Object.fromEntries(query)).toEqual({ department: affairs.id, encoding: 'shift_jis', lang: 'ja' });
    expect(await csvRequest.headerValue('authorization')).toMatch(/^Bearer /);
    expect((await csvRequest.response())?.status()).toBe(200);
    expect(download.suggestedFilename()).toBe(`non-responders-${alertId}.csv`);
    await expectText(page.getByTestId('non-responders-download-status'), `non-responders-${alertId}.csv をダウンロードしました。`);
    const csv = new TextDecoder('shift_jis').decode(readFileSync((await download.path())!));
    expect(csv).toContain('社員番号');
    expect(csv).toContain(affairsNumber);
    expect(csv.trim().split(/\r?\n/)).toHaveLength(2);
    await expectNoViolations(page, 'the dashboard filtered by department after a download');
    await context.close();
  }, 300_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  async function createEmployee(token: string, number: string, nameKanji: string, nameKana: string, departmentId: string, extra: { mobilePhone?: string } = {}) {
    const employeeNumber = `${number}-${suffix}`;
    return tenantApi<Created & { employeeNumber: string }>(token, 'POST', '/v1/directory/employees', {
      employeeNumber,
      nameKanji,
      nameKana,
      companyEmail: `${employeeNumber.toLowerCase()}@example.test`,
      workPrefecture: '13',
      departmentIds: [departmentId],
      ...extra,
    });
  }

  function tenantApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return company.gateway<T>('tenant', method, path, { body, token });
  }

  // TestCompany's gateway knows no response collection: its list is read directly through the gateway.
  async function nonResponders(token: string, alertId: string): Promise<{ items: unknown[] }> {
    const response = await fetch(`${stack.consoleUrl}/api/responses/v1/alerts/${alertId}/non-responders`, { headers: { authorization: `Bearer ${token}` } });
    return response.ok ? ((await response.json()) as { items: unknown[] }) : { items: [] };
  }
});
