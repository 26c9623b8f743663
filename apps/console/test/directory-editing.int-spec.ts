import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations, focusedElement } from './page-accessibility';
import { expectFieldError, expectText, TestCompany } from './test-company';

/** What the tenant-service answers about one employee (the parts checked here). */
interface EmployeeRecord {
  id: string;
  employeeNumber: string;
  nameKana: string;
  workPrefecture: string;
  language: string;
  departmentIds: string[];
}

interface DepartmentRecord {
  id: string;
}

/**
 * An admin's directory work in Debian's chromium against the real services: a new hire added
 * from the directory screen (one refused save first, its problem shown at its field), then
 * moved to another department from the same panel, both checked through the tenant API.
 */
describe('adding a person and changing their departments in the console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'directory', 'Directory-安否-test-2026');
  const { suffix } = company;

  it('adds a new hire through the panel, refusing bad kana at its field, then moves them to another department', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.signUp();
    const token = await company.ownerToken();

    // More departments than the panel lists without a filter; two named 第一課, told apart by their path.
    const sales = await createDepartment(token, '営業部');
    const salesFirst = await createDepartment(token, '第一課', sales.id);
    const support = await createDepartment(token, 'サポート部');
    await createDepartment(token, '第一課', support.id);
    for (let office = 1; office <= 10; office += 1) await createDepartment(token, `拠点${String(office).padStart(2, '0')}`);

    await company.logIn(page);
    await page.getByRole('link', { name: '名簿' }).click();
    await page.locator('#directory-heading').waitFor();
    await page.getByRole('button', { name: '社員を追加' }).click();
    // Named by its heading, which becomes the person's name once they are added.
    const panel = page.getByRole('dialog');
    await page.getByRole('dialog', { name: '新しい社員' }).getByRole('group', { name: '所属部署' }).waitFor();

    // The blank form passes axe-core, with nothing to report at any impact.
    await expectNoViolations(page, 'the blank form of a new person');
    await shot(page, 'directory-add-person');

    // A required field left out is caught before any request.
    await panel.getByRole('button', { name: '追加する' }).click();
    await expectFieldError(panel, 'employeeNumber', '入力してください。');
    await expectFieldError(panel, 'workPrefecture', '入力してください。');

    // Latin letters in the kana: the service refuses, the rule it names shows at the kana field in the console's words, nothing is created.
    await panel.getByLabel('社員番号').fill(`N-${suffix}`);
    await panel.getByLabel('氏名', { exact: true }).fill('新人 一郎');
    await panel.getByLabel('カナ').fill('Shinjin Ichiro');
    await panel.getByLabel('勤務地').selectOption('13');
    await panel.getByRole('checkbox', { name: '営業部 / 第一課', exact: true }).check();
    await panel.getByRole('button', { name: '追加する' }).click();
    await expectFieldError(panel, 'nameKana', 'カタカナかひらがなで入力してください。');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: 'カナ' });
    expect(await employeesNumbered(token, `N-${suffix}`)).toEqual([]);

    // Corrected: the person is added, the panel becomes their record and the list shows them.
    await panel.getByLabel('カナ').fill('シンジン イチロウ');
    await panel.getByRole('button', { name: '追加する' }).click();
    await expectText(panel.getByRole('status'), '新人 一郎 さんを追加しました。');
    await panel.getByRole('heading', { name: '新人 一郎' }).waitFor();
    await panel.getByRole('button', { name: '保存', exact: true }).waitFor();
    // (The list is behind the modal panel, inert: hidden from the accessibility tree until the panel closes.)
    await page.locator('.virtual-body').getByRole('button', { name: '新人 一郎', includeHidden: true }).waitFor({ state: 'attached' });
    const [added] = await employeesNumbered(token, `N-${suffix}`);
    expect(added).toMatchObject({ nameKana: 'シンジン イチロウ', workPrefecture: '13', language: 'ja', departmentIds: [salesFirst.id] });

    // Moved from 営業部 / 第一課 to サポート部, found through the filter.
    await panel.getByRole('checkbox', { name: '営業部 / 第一課', exact: true }).uncheck();
    await panel.getByLabel('部署を絞り込む').fill('サポート');
    await expect(panel.getByRole('checkbox').count()).resolves.toBe(2);
    await panel.getByRole('checkbox', { name: 'サポート部', exact: true }).check();
    await panel.getByRole('button', { name: '保存', exact: true }).click();
    await expectText(panel.getByRole('status'), '保存しました。');
    const moved = await tenantApi<EmployeeRecord>(token, 'GET', `/v1/directory/employees/${added.id}`);
    expect(moved.departmentIds).toEqual([support.id]);
    await shot(page, 'directory-moved-person');
    await panel.getByRole('button', { name: '閉じる' }).click();

    // The same number again: the service's 409 is shown at the number field, in words.
    await page.getByRole('button', { name: '社員を追加' }).click();
    await page.getByRole('dialog', { name: '新しい社員' }).waitFor();
    await panel.getByLabel('社員番号').fill(`N-${suffix}`);
    await panel.getByLabel('氏名', { exact: true }).fill('同番 二郎');
    await panel.getByLabel('カナ').fill('ドウバン ジロウ');
    await panel.getByLabel('勤務地').selectOption('04');
    await panel.getByRole('button', { name: '追加する' }).click();
    await expectFieldError(panel, 'employeeNumber', 'この社員番号はすでにほかの社員に使われています。');
    expect(await employeesNumbered(token, `N-${suffix}`)).toHaveLength(1);
    await context.close();
  }, 240_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  function createDepartment(token: string, name: string, parentId?: string): Promise<DepartmentRecord> {
    return tenantApi<DepartmentRecord>(token, 'POST', '/v1/directory/departments', { name, parentId: parentId ?? null });
  }

  async function employeesNumbered(token: string, number: string): Promise<EmployeeRecord[]> {
    const page = await tenantApi<{ items: EmployeeRecord[] }>(token, 'GET', `/v1/directory/employees?number=${encodeURIComponent(number)}`);
    return page.items;
  }

  function tenantApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return company.gateway<T>('tenant', method, path, { body, token });
  }
});
