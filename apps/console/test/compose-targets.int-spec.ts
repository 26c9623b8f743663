import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, screenshotDirectory } from './console-stack';
import { expectNoViolations } from './page-accessibility';
import { expectText, TestCompany } from './test-company';

interface EmployeeRecord {
  id: string;
}

interface GroupRecord {
  id: string;
}

/** What the dispatch API answers about one alert (the part checked here). */
interface AlertRecord {
  target: { kind: string; employeeIds?: string[] };
}

/**
 * A safety check for a group and for people chosen by name, composed in Debian's chromium
 * against the real services: the live count of each target (once dispatch has learnt the
 * directory over Kafka), the chosen people kept over a reload, and the alert sent to exactly
 * them, checked through the dispatch API.
 */
describe('sending a safety check to a group or to chosen people', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const company = new TestCompany(stack, 'targets', 'Targets-安否-test-2026');
  const { suffix } = company;

  it('counts a group and chosen people, keeps the chosen over a reload, and sends to exactly those people', async () => {
    // bypassCSP: the accessibility check injects axe-core, which the console's policy rightly refuses.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await company.signUp();
    const token = await company.ownerToken();

    // Two on a business trip, two on the crisis team; one of the travellers is on the team too.
    const travellerOne = await createEmployee(token, 'T-1', '出張 一郎', 'シュッチョウ イチロウ');
    const travellerTwo = await createEmployee(token, 'T-2', '出張 二郎', 'シュッチョウ ジロウ');
    const crisisOne = await createEmployee(token, 'C-1', '危機 花子', 'キキ ハナコ');
    const crisisTwo = await createEmployee(token, 'C-2', '危機 太郎', 'キキ タロウ');

    // No groups yet: the form says so and points to the directory.
    await company.logIn(page);
    await page.getByRole('link', { name: '安否確認を送信' }).click();
    await page.locator('#compose-heading').waitFor();
    await page.getByRole('radio', { name: 'グループ' }).check();
    await expectText(page.getByTestId('no-groups'), 'まだグループがありません');
    await page.getByTestId('no-groups').getByRole('link', { name: '名簿を開く' }).waitFor();
    await expectNoViolations(page, 'the compose form of a company without groups');

    // The crisis team: three members. The draft keeps "groups" chosen over the reload that shows it.
    const crisisTeam = await tenantApi<GroupRecord>(token, 'POST', '/v1/directory/groups', { name: `危機対策本部 ${suffix}`, description: '' });
    await tenantApi(token, 'PUT', `/v1/directory/groups/${crisisTeam.id}/members`, { employeeIds: [crisisOne.id, crisisTwo.id, travellerOne.id] });
    await page.reload();
    await page.getByRole('checkbox', { name: `危機対策本部 ${suffix}` }).check();
    // Dispatch learns the members over Kafka: the count settles at three.
    await expectText(page.getByTestId('recipient-count'), '対象者: 3 名', 90_000);
    await expectNoViolations(page, 'the compose form with groups open');
    await shot(page, 'compose-group');

    // Two people chosen by searching their names; each addition announced.
    await page.getByRole('radio', { name: '個人を指定' }).check();
    const search = page.getByRole('searchbox', { name: '名前で社員を検索' });
    await search.fill('出張');
    await page.getByRole('button', { name: '出張 一郎 さんを追加' }).click();
    await expectText(page.getByTestId('people-announcement'), '出張 一郎 さんを追加しました（1 名）。');
    await page.getByRole('button', { name: '出張 二郎 さんを追加' }).click();
    await expectText(page.getByTestId('people-announcement'), '出張 二郎 さんを追加しました（2 名）。');
    await expectText(page.getByTestId('recipient-count'), '対象者: 2 名', 60_000);

    // A third added by mistake and removed again, by the button that names her.
    await search.fill('危機');
    await page.getByRole('button', { name: '危機 花子 さんを追加' }).click();
    await expectText(page.getByTestId('recipient-count'), '対象者: 3 名', 60_000);
    await page.getByRole('button', { name: '危機 花子 さんを外す' }).click();
    await expectText(page.getByTestId('people-announcement'), '危機 花子 さんを外しました（2 名）。');
    await expectText(page.getByTestId('recipient-count'), '対象者: 2 名', 60_000);
    await expectNoViolations(page, 'the compose form with chosen people open (search results and the chosen list)');
    await shot(page, 'compose-people');

    // A reload (an expired session, a slip of F5) keeps the chosen people with their names.
    await page.reload();
    const chosen = page.getByTestId('chosen-people');
    await expectText(chosen, '出張 一郎');
    await expectText(chosen, 'T-2');
    await page.getByRole('button', { name: '出張 二郎 さんを外す' }).waitFor();
    await expectText(page.getByTestId('recipient-count'), '対象者: 2 名', 60_000);

    // Sent to exactly those two, by id.
    await page.getByLabel('件名').fill(`出張者の安否確認 ${suffix}`);
    await page.getByLabel('本文').fill('出張先の状況を回答してください。');
    await page.getByRole('button', { name: '送信する' }).click();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    const alertId = page.url().split('/').pop()!;
    const alert = await company.gateway<AlertRecord>('dispatch', 'GET', `/v1/alerts/${alertId}`, { token });
    expect(alert.target.kind).toBe('employees');
    expect([...(alert.target.employeeIds ?? [])].sort()).toEqual([travellerOne.id, travellerTwo.id].sort());
    // The names of the chosen leave the tab with the sent draft.
    expect(await page.evaluate(`sessionStorage.getItem('anpi.composeDraft')`)).toBeNull();

    // A group nobody is in yet: the service refuses it, and the console says so in its own words.
    await tenantApi<GroupRecord>(token, 'POST', '/v1/directory/groups', { name: `新設チーム ${suffix}`, description: '' });
    await page.getByRole('link', { name: '安否確認を送信' }).click();
    await page.getByRole('radio', { name: 'グループ' }).check();
    await page.getByRole('checkbox', { name: `新設チーム ${suffix}` }).check();
    await expectText(page.getByTestId('recipient-count'), '対象者: 0 名', 60_000);
    await page.getByLabel('件名').fill(`空のグループ ${suffix}`);
    await page.getByLabel('本文').fill('回答してください。');
    await page.getByRole('button', { name: '送信する' }).click();
    await expectText(page.getByRole('alert'), '対象者がいません。送信対象を見直してください。');
    expect(new URL(page.url()).pathname).toBe('/');
    await context.close();
  }, 300_000);

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  async function createEmployee(token: string, number: string, nameKanji: string, nameKana: string): Promise<EmployeeRecord> {
    const employeeNumber = `${number}-${suffix}`;
    return tenantApi<EmployeeRecord>(token, 'POST', '/v1/directory/employees', { employeeNumber, nameKanji, nameKana, companyEmail: `${employeeNumber.toLowerCase()}@example.test`, workPrefecture: '13' });
  }

  function tenantApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return company.gateway<T>('tenant', method, path, { body, token });
  }
});
