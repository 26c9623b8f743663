import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectFieldError, expectText, TestCompany } from './test-company';

interface DepartmentRecord {
  id: string;
  name: string;
  code: string | null;
  parentId: string | null;
}

interface GroupRecord {
  id: string;
  name: string;
  memberCount: number;
}

/**
 * An owner keeps the company's departments and groups from the directory screen, in Debian's
 * chromium against the real services: departments added, renamed, a move refused by the
 * service shown at its field, deleted; a group created, people found by search put in and
 * taken out, each step checked through the tenant API.
 */
describe('managing departments and groups in the console', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'departments', 'Departments-安否-test-2026');

  beforeAll(async () => {
    await company.signUp();
  }, 180_000);

  it('adds a department and a sub-department, renames one, refuses a move under its own branch at the field, deletes one', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    const token = await company.ownerToken();
    await company.logIn(page);
    await page.getByRole('link', { name: '名簿' }).click();
    await page.locator('#directory-heading').waitFor();
    await page.getByRole('button', { name: '部署を管理', exact: true }).click();
    const panel = page.getByRole('dialog', { name: '部署を管理' });
    const newForm = panel.getByRole('form', { name: '新しい部署' });
    const editForm = panel.getByRole('form', { name: '部署を編集' });

    // A top-level department with a code, then one under it.
    await newForm.getByLabel('部署名').fill('本社');
    await newForm.getByLabel('部署コード（任意）').fill('HQ');
    await newForm.getByRole('button', { name: '追加する' }).click();
    await expectText(panel.getByRole('status'), '部署「本社」を追加しました。');
    const headOffice = await departmentNamed(token, '本社');
    expect(headOffice).toMatchObject({ code: 'HQ', parentId: null });

    await newForm.getByLabel('部署名').fill('営業部');
    await newForm.getByLabel('上位の部署').selectOption(headOffice.id);
    await newForm.getByRole('button', { name: '追加する' }).click();
    await expectText(panel.getByRole('status'), '部署「営業部」を追加しました。');
    const sales = await departmentNamed(token, '営業部');
    expect(sales).toMatchObject({ code: null, parentId: headOffice.id });
    // The directory's tree behind the panel follows (inert behind the modal: hidden from the accessibility tree).
    await page.locator('nav.department-tree').getByRole('button', { name: '営業部', includeHidden: true }).waitFor({ state: 'attached' });

    // Renamed from its entry in the panel's list.
    await panel.getByRole('button', { name: '営業部', exact: true }).click();
    await editForm.getByLabel('部署名').fill('営業本部');
    await editForm.getByRole('button', { name: '保存' }).click();
    await expectText(panel.getByRole('status'), '保存しました。');
    expect(await departmentNamed(token, '営業本部')).toMatchObject({ id: sales.id, parentId: headOffice.id });
    await page.locator('nav.department-tree').getByRole('button', { name: '営業本部', includeHidden: true }).waitFor({ state: 'attached' });

    await newForm.getByLabel('部署名').fill('大阪支社');
    await newForm.getByRole('button', { name: '追加する' }).click();
    await expectText(panel.getByRole('status'), '部署「大阪支社」を追加しました。');
    const osaka = await departmentNamed(token, '大阪支社');

    // The panel offers 本社 only parents outside its own branch (大阪支社 still is). Meanwhile another
    // admin puts 大阪支社 under 本社: moving 本社 under its own child is refused, at the parent field.
    await panel.getByRole('button', { name: '本社', exact: true }).click();
    await expectNoViolations(page, 'the department panel with a department chosen');
    await shot(page, 'departments-panel');
    await editForm.getByLabel('上位の部署').selectOption(osaka.id);
    await tenantApi(token, 'PATCH', `/v1/directory/departments/${osaka.id}`, { parentId: headOffice.id });
    await editForm.getByRole('button', { name: '保存' }).click();
    await expectFieldError(editForm, 'parentId', 'この部署の下には移せません（a department cannot move under itself or one of its sub-departments）');
    expect((await departmentNamed(token, '本社')).parentId).toBeNull();

    // 本社 still has sub-departments: the confirmation says so, and the service refuses.
    await panel.getByRole('button', { name: 'この部署を削除' }).click();
    await expectText(panel.getByRole('alert'), 'この部署の下に部署が 2 件あります。');
    await panel.getByRole('button', { name: '削除する' }).click();
    await expectText(panel.getByRole('alert'), 'この部署には社員か下の部署が残っているため削除できません。');
    expect(await departmentNamed(token, '本社')).toMatchObject({ id: headOffice.id });

    // 大阪支社 is empty: deleted after the confirmation, gone from the service and from the directory's tree.
    await panel.getByRole('button', { name: '大阪支社', exact: true }).click();
    await panel.getByRole('button', { name: 'この部署を削除' }).click();
    await expectText(panel.getByRole('alert'), '所属する社員も下の部署もない部署だけです');
    await panel.getByRole('button', { name: '削除する' }).click();
    await expectText(panel.getByRole('status'), '部署「大阪支社」を削除しました。');
    expect((await departments(token)).map((department) => department.name).sort()).toEqual(['営業本部', '本社'].sort());
    await panel.getByRole('button', { name: '閉じる' }).click();
    await page.locator('nav.department-tree').getByRole('button', { name: '本社' }).waitFor();
    await expect(page.locator('nav.department-tree').getByRole('button', { name: '大阪支社' }).count()).resolves.toBe(0);
    await context.close();
  }, 240_000);

  it('creates a group, adds two people found by search, takes one out and deletes the group', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    const token = await company.ownerToken();
    const ichiro = await hire(token, 'T-001', '出張 一郎', 'シュッチョウ イチロウ');
    const jiro = await hire(token, 'T-002', '出張 二郎', 'シュッチョウ ジロウ');
    await hire(token, 'T-003', '待機 三郎', 'タイキ サブロウ');

    await company.logIn(page);
    await page.getByRole('link', { name: '名簿' }).click();
    await page.locator('#directory-heading').waitFor();
    await page.getByRole('button', { name: 'グループ', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'グループ' });
    await panel.getByText('グループはまだありません。').waitFor();

    const newForm = panel.getByRole('form', { name: '新しいグループ' });
    await newForm.getByLabel('グループ名').fill('今週の出張者');
    await newForm.getByRole('button', { name: '作成する' }).click();
    await expectText(panel.getByRole('status'), 'グループ「今週の出張者」を作成しました。');
    const [group] = await groups(token);
    expect(group).toMatchObject({ name: '今週の出張者', memberCount: 0 });

    // The new group is open for its members: two people found by part of their name.
    await panel.getByText('メンバーはまだいません。').waitFor();
    const search = panel.getByLabel('社員を検索して追加');
    await search.fill('一郎');
    await panel.getByRole('button', { name: '出張 一郎 さんをメンバーに追加' }).click();
    await search.fill('二郎');
    await panel.getByRole('button', { name: '出張 二郎 さんをメンバーに追加' }).click();
    await expectNoViolations(page, 'the group panel with search results and unsaved members');
    await shot(page, 'groups-panel');
    await panel.getByRole('button', { name: 'メンバーを保存' }).click();
    await expectText(panel.getByRole('status'), 'メンバーを保存しました（2 名）。');
    expect((await members(token, group.id)).sort()).toEqual([ichiro.id, jiro.id].sort());

    // One taken out again: the list sent replaces the membership.
    await panel.getByRole('button', { name: '出張 一郎 さんをメンバーから外す' }).click();
    await panel.getByRole('button', { name: 'メンバーを保存' }).click();
    await expectText(panel.getByRole('status'), 'メンバーを保存しました（1 名）。');
    expect(await members(token, group.id)).toEqual([jiro.id]);
    await expectText(panel.getByTestId('group-list'), '1 名');

    // Deleted after a confirmation that says the people stay in the directory.
    await panel.getByRole('button', { name: 'このグループを削除' }).click();
    await expectText(panel.getByRole('alert'), '名簿からは削除されません');
    await panel.getByRole('button', { name: '削除する' }).click();
    await expectText(panel.getByRole('status'), 'グループ「今週の出張者」を削除しました。');
    expect(await groups(token)).toEqual([]);
    await context.close();
  }, 240_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  async function departments(token: string): Promise<DepartmentRecord[]> {
    return (await tenantApi<{ items: DepartmentRecord[] }>(token, 'GET', '/v1/directory/departments')).items;
  }

  async function departmentNamed(token: string, name: string): Promise<DepartmentRecord> {
    const found = (await departments(token)).find((department) => department.name === name);
    if (!found) throw new Error(`no department named ${name}`);
    return found;
  }

  async function groups(token: string): Promise<GroupRecord[]> {
    return (await tenantApi<{ items: GroupRecord[] }>(token, 'GET', '/v1/directory/groups')).items;
  }

  async function members(token: string, groupId: string): Promise<string[]> {
    return (await tenantApi<{ employeeIds: string[] }>(token, 'GET', `/v1/directory/groups/${groupId}/members`)).employeeIds;
  }

  function hire(token: string, employeeNumber: string, nameKanji: string, nameKana: string): Promise<{ id: string }> {
    return tenantApi<{ id: string }>(token, 'POST', '/v1/directory/employees', { employeeNumber, nameKanji, nameKana, workPrefecture: '13' });
  }

  function tenantApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return company.gateway<T>('tenant', method, path, { body, token });
  }
});
