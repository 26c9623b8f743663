import { waitFor } from '@anpi/testing';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { browserSuite, employeesCsv, ports, screenshotDirectory } from './console-stack';
import { accessibilityViolations, AccessibilityViolation, blocking, focusedElement, tabTo } from './page-accessibility';
import { expectText } from './test-company';

const activationLinkPattern = new RegExp(`http://127\\.0\\.0\\.1:${ports.gateway}/activate#token=[^\\s"<>]+`);
const resetLinkPattern = new RegExp(`http://127\\.0\\.0\\.1:${ports.gateway}/reset-password#token=[^\\s"<>]+`);
const answerLinkPattern = new RegExp(`http://127\\.0\\.0\\.1:${ports.responses}/a/[A-Za-z0-9_-]{43}`);

/**
 * The crisis team's day, in Debian's chromium against the real services: a company signs up,
 * its owner sets a password from the e-mail and logs in, imports 200 employees from a CSV
 * (checked first), sends a safety check — surviving an expired session and a double click —
 * three employees answer from their own e-mailed links on their phones, the dashboard counts
 * them without a reload, and the directory exports as CSV.
 */
describe('the web console in a real browser', () => {
  const suite = browserSuite();
  const { stack } = suite;
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const slug = `console-${suffix}`;
  const ownerEmail = `owner-${suffix}@example.test`;
  const employeeDomain = `${suffix}.example.test`;
  const password = 'Console-安否-test-2026';
  // The alert the first test sends; later tests look at its dashboard.
  let sentAlertId: string | undefined;

  const shot = (page: Page, name: string) => page.screenshot({ path: resolve(screenshotDirectory, `${name}.png`), fullPage: true });

  it('takes an admin from sign-up to a live dashboard and a CSV export', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true, locale: 'ja-JP' });
    const page = await context.newPage();

    // Sign-up, in Japanese by default.
    await page.goto(`${stack.consoleUrl}/signup`);
    await page.getByLabel('企業ID（半角英小文字・数字・ハイフン）').fill(slug);
    await page.getByLabel('企業名').fill(`コンソール検証 ${suffix}`);
    await page.getByLabel('管理者のお名前').fill('検証 花子');
    await page.getByLabel('管理者のメールアドレス').fill(ownerEmail);
    await page.getByLabel('従来型携帯電話向けに http の回答リンクを許可する').check();
    await page.getByRole('button', { name: '登録する' }).click();
    await page.getByText(`${ownerEmail} に届いたメールのリンク`).waitFor();

    // The activation e-mail points at the console's /activate screen.
    const activationLink = await waitFor(() => stack.mail.mailsTo(ownerEmail).map((mail) => activationLinkPattern.exec(mail.text)?.[0]).find(Boolean), {
      timeoutMs: 60_000,
      what: 'the activation e-mail',
    });
    await page.goto(activationLink);
    await page.getByLabel('新しいパスワード（12文字以上）').fill(password);
    await page.getByRole('button', { name: '設定してログインへ' }).click();
    await page.getByText('パスワードを設定しました').waitFor();
    await page.getByRole('button', { name: 'ログイン' }).click();
    await logIn(page);
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();

    // Directory: 200 employees from a CSV, checked (dry run) before they are imported.
    await page.getByRole('link', { name: '名簿' }).click();
    await page.getByLabel('CSV ファイル').setInputFiles({ name: 'employees.csv', mimeType: 'text/csv', buffer: Buffer.from(employeesCsv(200, 120, employeeDomain)) });
    await page.getByRole('button', { name: '確認する（変更しません）' }).click();
    await expectText(page.getByTestId('import-result'), '200 行を確認: 問題 0 件');
    await page.getByRole('button', { name: '取り込む', exact: true }).click();
    await expectText(page.getByTestId('import-result'), '200 行を取り込みました。');
    await expectText(page.getByTestId('employee-count'), '社員 200 名を表示');
    await shot(page, 'directory');

    // Compose: the live recipient count follows the target (once dispatch has the directory).
    await page.getByRole('link', { name: '安否確認を送信' }).click();
    await page.getByLabel('テンプレート').selectOption('earthquake');
    await page.getByRole('radio', { name: '都道府県' }).check();
    await page.getByRole('checkbox', { name: '宮城県' }).check();
    await expectText(page.getByTestId('recipient-count'), '対象者: 120 名', 90_000);
    await page.getByLabel('件名').fill(`宮城県で震度6強 ${suffix}`);
    await shot(page, 'compose');

    // The session expires while the admin writes: log in again, nothing typed is lost.
    // (Code run in the page: a string, as this file is type-checked without the DOM library.)
    await page.evaluate(`(() => {
      const session = JSON.parse(sessionStorage.getItem('anpi.session'));
      sessionStorage.setItem('anpi.session', JSON.stringify({ ...session, accessToken: 'expired', refreshToken: 'revoked-refresh-token' }));
    })()`);
    await page.getByRole('button', { name: '送信する' }).click();
    await page.getByText('セッションの有効期限が切れました。').waitFor();
    await logIn(page);
    await expectValue(page, '件名', `宮城県で震度6強 ${suffix}`);
    await expectText(page.getByTestId('recipient-count'), '対象者: 120 名');

    // A double click on "send" creates one alert.
    await page.getByRole('button', { name: '送信する' }).dblclick();
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    const alertId = page.url().split('/').pop()!;
    sentAlertId = alertId;
    const [{ id: tenantId }] = await stack.query<{ id: string }>('tenant-service', 'SELECT id FROM tenants WHERE slug = $1', [slug]);
    const alerts = await stack.query<{ id: string }>('alert-dispatch-service', 'SELECT id FROM alerts WHERE tenant_id = $1', [tenantId]);
    expect(alerts.map((alert) => alert.id)).toEqual([alertId]);

    // The dashboard counts the recipients once the fan-out reached response-collection.
    await expectText(page.getByTestId('recipients'), '120', 90_000);
    await expectText(page.getByTestId('responded'), '0');

    // Three employees answer from their own e-mailed links, each on their own phone.
    const answering = ['e0001', 'e0002', 'e0003'].map((number) => `${number}@${employeeDomain}`);
    const links = await waitFor(
      () => {
        const found = answering.map((address) => stack.mail.mailsTo(address).map((mail) => answerLinkPattern.exec(mail.text)?.[0]).find(Boolean));
        return found.every(Boolean) ? (found as string[]) : undefined;
      },
      { timeoutMs: 90_000, what: 'answer links for three employees' },
    );
    expect(new Set(links).size).toBe(3);
    for (const [index, link] of links.entries()) {
      const phone = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, locale: 'ja-JP' });
      const answerPage = await phone.newPage();
      await answerPage.goto(link);
      await answerPage.locator(`input[name=safety][value=${index === 2 ? 'minor_injury' : 'safe'}]`).check();
      await answerPage.locator('form').first().locator('button[type=submit]').click();
      await answerPage.getByRole('heading', { name: '回答を受け付けました' }).waitFor();
      await phone.close();
    }

    // …and the open dashboard shows them without a reload (Server-Sent Events).
    await expectText(page.getByTestId('responded'), '3', 30_000);
    await expectText(page.getByTestId('not-responded'), '117');
    await expectText(page.getByTestId('answer-safety-safe'), '2');
    await expectText(page.getByTestId('answer-safety-minor_injury'), '1');
    await expectText(page.getByTestId('prefecture-breakdown'), '宮城県');
    await expectText(page.getByTestId('non-responder-count'), '未回答者 117 名', 30_000);
    expect(alerts).toHaveLength((await stack.query('alert-dispatch-service', 'SELECT id FROM alerts WHERE tenant_id = $1', [tenantId])).length);
    await shot(page, 'dashboard');

    // The same dashboard on a phone, in English.
    const phoneView = await suite.browser.newContext({ viewport: { width: 375, height: 740 }, isMobile: true });
    const small = await phoneView.newPage();
    await small.goto(`${stack.consoleUrl}/login`);
    await small.getByRole('button', { name: 'English' }).click();
    await small.getByLabel('Company ID').fill(slug);
    await small.getByLabel('E-mail').fill(ownerEmail);
    await small.getByLabel('Password').fill(password);
    await small.getByRole('button', { name: 'Log in' }).click();
    await small.getByRole('navigation', { name: 'Main menu' }).waitFor();
    await small.goto(`${stack.consoleUrl}/alerts/${alertId}`);
    await expectText(small.getByTestId('responded'), '3', 30_000);
    await shot(small, 'dashboard-phone-en');
    await phoneView.close();

    // Export: the directory as CSV, all 200 employees.
    await page.getByRole('link', { name: '名簿' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV 書き出し' }).click()]);
    const exported = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const rows = exported.trim().split(/\r?\n/);
    expect(rows).toHaveLength(201);
    expect(rows[0]).toContain('社員番号');
    expect(exported).toContain(`e0200@${employeeDomain}`);
    await context.close();
  }, 420_000);

  it('finds no axe-core violation on any screen, in Japanese and English, on a desktop and a phone', async () => {
    expect(sentAlertId).toBeDefined();
    const screens: { name: string; path: string; signedIn: boolean; ready: (page: Page) => Promise<unknown> }[] = [
      { name: 'log-in', path: '/login', signedIn: false, ready: (page) => page.locator('#login-heading').waitFor() },
      { name: 'sign-up', path: '/signup', signedIn: false, ready: (page) => page.locator('#signup-heading').waitFor() },
      { name: 'forgotten password', path: '/forgot-password', signedIn: false, ready: (page) => page.locator('h1').waitFor() },
      { name: 'directory', path: '/directory', signedIn: true, ready: (page) => page.locator('.virtual-body [role=row]').first().waitFor() },
      {
        name: 'compose',
        path: '/',
        signedIn: true,
        // With the prefecture target open: its 47 check boxes and the live count are the busiest part.
        ready: async (page) => {
          await page.locator('input[name=targetKind][value=prefectures]').check();
          await page.locator('.prefecture-grid input').first().waitFor();
        },
      },
      { name: 'dashboard', path: `/alerts/${sentAlertId}`, signedIn: true, ready: (page) => expectText(page.getByTestId('responded'), '3') },
      // The other screens behind the log-in, once their data has arrived.
      ...(['disaster-rules', 'audit', 'settings'] as const).map((name) => ({
        name,
        path: `/${name}`,
        signedIn: true,
        ready: async (page: Page) => {
          await page.locator(`#${name === 'disaster-rules' ? 'disaster' : name}-heading`).waitFor();
          await page.waitForLoadState('networkidle');
        },
      })),
    ];
    const viewports = [
      { device: 'desktop', viewport: { width: 1280, height: 900 }, isMobile: false },
      { device: 'phone', viewport: { width: 375, height: 740 }, isMobile: true },
    ];
    const found: Record<string, AccessibilityViolation[]> = {};
    let audited = 0;
    for (const language of ['ja', 'en'] as const) {
      for (const { device, viewport, isMobile } of viewports) {
        const context = await suite.browser.newContext({ viewport, isMobile, locale: language === 'ja' ? 'ja-JP' : 'en-US', bypassCSP: true });
        await context.addInitScript(`localStorage.setItem('anpi.language', '${language}')`);
        const page = await context.newPage();
        for (const screen of screens) {
          if (screen.signedIn && !(await page.evaluate("sessionStorage.getItem('anpi.session') !== null"))) await logInByName(page);
          await page.goto(`${stack.consoleUrl}${screen.path}`);
          await screen.ready(page);
          expect(await page.evaluate('document.documentElement.lang')).toBe(language);
          const violations = await accessibilityViolations(page);
          audited += 1;
          if (violations.length > 0) found[`${screen.name} ${language} ${device}`] = violations;
        }
        await context.close();
      }
    }
    expect(audited).toBe(screens.length * 2 * viewports.length);
    // The bar: nothing serious or critical (what blocks a user)…
    const summary = (violations: AccessibilityViolation[]) => violations.map((violation) => `${violation.impact} ${violation.rule}: ${violation.help} — ${violation.elements.join('; ')}`);
    const blockingFound = Object.entries(found).filter(([, violations]) => blocking(violations).length > 0);
    expect(Object.fromEntries(blockingFound.map(([where, violations]) => [where, summary(blocking(violations))]))).toEqual({});
    // …and the console meets it with room to spare: no moderate or minor finding either.
    expect(Object.fromEntries(Object.entries(found).map(([where, violations]) => [where, summary(violations)]))).toEqual({});
  }, 180_000);

  it('lets an admin log in and send a safety check with the keyboard only, the focus always visible', async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/login`);
    await page.locator('#login-heading').waitFor();

    // The first Tab reaches the skip link, which moves the focus to the screen's content.
    await page.keyboard.press('Tab');
    expect(await focusedElement(page)).toEqual({ tag: 'a', name: '本文へ移動', focusVisible: true });
    await page.keyboard.press('Enter');
    expect((await focusedElement(page)).tag).toBe('main');

    await tabTo(page, '企業ID');
    await page.keyboard.type(slug);
    await tabTo(page, 'メールアドレス');
    await page.keyboard.type(ownerEmail);
    await tabTo(page, 'パスワード');
    await page.keyboard.type(password);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();

    // Compose: template and target chosen with arrow keys, Miyagi ticked with Space.
    await page.locator('#compose-heading').waitFor();
    await tabTo(page, 'テンプレート');
    for (let press = 0; press < 10 && (await page.getByLabel('テンプレート').inputValue()) !== 'earthquake'; press += 1) await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('テンプレート').inputValue()).toBe('earthquake');
    await tabTo(page, '件名');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(`キーボードで送信 ${suffix}`);
    await tabTo(page, '全員');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: '都道府県' }).isChecked()).toBe(true);
    await tabTo(page, '宮城県');
    await page.keyboard.press('Space');
    expect(await page.getByRole('checkbox', { name: '宮城県' }).isChecked()).toBe(true);
    await expectText(page.getByTestId('recipient-count'), '対象者: 120 名', 30_000);
    await tabTo(page, '送信する');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
    const alertId = page.url().split('/').pop()!;
    const [alert] = await stack.query<{ title: string }>('alert-dispatch-service', 'SELECT title FROM alerts WHERE id = $1', [alertId]);
    expect(alert?.title).toBe(`キーボードで送信 ${suffix}`);
    await expectText(page.getByTestId('recipients'), '120', 90_000);
    await context.close();
  }, 180_000);

  it("lets the owner turn plain-http answer links off, and dispatch and response-collection follow", async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const page = await context.newPage();
    await logInByName(page);
    await page.goto(`${stack.consoleUrl}/settings`);
    const plainHttp = page.getByLabel(/回答リンクに http を許可する/);
    // Allowed at sign-up (first test).
    await expect(plainHttp.isChecked()).resolves.toBe(true);
    await plainHttp.uncheck();
    await page.locator('form[aria-labelledby=company-settings-heading] button[type=submit]').click();
    await page.locator('form[aria-labelledby=company-settings-heading]').getByRole('status').waitFor();
    const [{ id: tenantId }] = await stack.query<{ id: string }>('tenant-service', 'SELECT id FROM tenants WHERE slug = $1', [slug]);
    // Both services that build or serve answer links learn it over Kafka (tenant.settings-changed).
    for (const service of ['alert-dispatch-service', 'response-collection-service'] as const) {
      await waitFor(
        async () => {
          const [row] = await stack.query<{ allow: boolean }>(service, 'SELECT allow_plain_http_answer_links AS allow FROM known_tenants WHERE tenant_id = $1', [tenantId]);
          return row?.allow === false;
        },
        { timeoutMs: 60_000, what: `${service} to apply the settings change` },
      );
    }
    await page.reload();
    await expect(page.getByLabel(/回答リンクに http を許可する/).isChecked()).resolves.toBe(false);
    await context.close();
  }, 120_000);

  it('lets the crisis team close a safety check from its dashboard, after a confirmation, and its links stop taking answers', async () => {
    // bypassCSP: axe-core is injected to audit the confirmation, as in the audits above.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await logInByName(page);
    await page.goto(`${stack.consoleUrl}/alerts/${sentAlertId}`);
    await expectText(page.getByTestId('responded'), '3');
    const closeButton = page.getByRole('button', { name: 'この安否確認を終了する' });

    // A second thought keeps it open.
    await closeButton.click();
    const confirmation = page.getByRole('alert').filter({ hasText: '元に戻せません' });
    await confirmation.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await confirmation.getByRole('button', { name: 'やめる' }).click();
    await confirmation.waitFor({ state: 'detached' });
    expect(await stack.query('alert-dispatch-service', 'SELECT state FROM alerts WHERE id = $1', [sentAlertId])).toEqual([{ state: 'open' }]);

    await closeButton.click();
    await confirmation.getByRole('button', { name: '終了する', exact: true }).click();
    await page.locator('#dashboard-heading .badge', { hasText: '終了' }).waitFor();
    expect(await page.getByRole('button', { name: '未回答者に再送する' }).isDisabled()).toBe(true);
    expect(await stack.query('alert-dispatch-service', 'SELECT state FROM alerts WHERE id = $1', [sentAlertId])).toEqual([{ state: 'closed' }]);

    // Someone who had not answered yet finds their link closed (response-collection learns it over Kafka).
    const unanswered = Array.from({ length: 197 }, (_, index) => `e${String(index + 4).padStart(4, '0')}@${employeeDomain}`);
    const link = unanswered.flatMap((address) => stack.mail.mailsTo(address)).map((mail) => answerLinkPattern.exec(mail.text)?.[0]).find(Boolean)!;
    const answerLate = () => fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' }, body: 'safety=safe' });
    await waitFor(async () => ((await answerLate()).status === 410 ? true : undefined), { timeoutMs: 30_000, what: 'the answer page to refuse answers to the closed safety check' });
    await expectText(page.getByTestId('responded'), '3');
    await context.close();
  }, 120_000);

  it('lets an admin open one person from the directory, fix their contacts field by field, and disable them after a confirmation', async () => {
    // Someone HR added through the API (working in Tokyo: the Miyagi counts above stay as they are).
    const token = await ownerAccessToken();
    const created = await tenantApi<EmployeeRecord>(token, 'POST', '/v1/directory/employees', {
      employeeNumber: `D-${suffix}`,
      nameKanji: '山田 詳子',
      nameKana: 'ヤマダ ショウコ',
      companyEmail: `shoko@${employeeDomain}`,
      mobilePhone: '+819011112222',
      workPrefecture: '13',
    });
    // bypassCSP: axe-core is injected to audit the open panel.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await logInByName(page);
    await page.goto(`${stack.consoleUrl}/directory`);
    await page.getByLabel('氏名で検索').fill('山田 詳子');
    await expectText(page.getByTestId('employee-count'), '社員 1 名を表示');

    // Opened from the keyboard: the panel is named after the person and has the focus.
    const nameButton = page.getByRole('button', { name: '山田 詳子', exact: true });
    await nameButton.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: '山田 詳子' });
    await panel.waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'h2', name: '山田 詳子' });
    await expect(panel.getByLabel('携帯電話番号').inputValue()).resolves.toBe('+819011112222');
    expect(await accessibilityViolations(page)).toEqual([]);

    // A LINE ID instead of the LINE user id: the rule the service names shows next to that field in the console's words, nothing is stored.
    const lineUserIdBox = panel.locator('input[name=lineUserId]');
    await panel.getByLabel('携帯電話番号').fill('+819012345678');
    await panel.getByLabel('LINE ユーザーID').fill('@yamada');
    await panel.getByRole('button', { name: '保存', exact: true }).click();
    await panel.locator('.field', { has: page.locator('input[name=lineUserId]') }).locator('.field-error').filter({ hasText: 'LINEのユーザーIDは「U」と32桁の英数字（小文字）です。' }).waitFor();
    expect(await lineUserIdBox.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: 'LINE ユーザーID' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'employee-panel-field-error');
    expect(await tenantApi<EmployeeRecord>(token, 'GET', `/v1/directory/employees/${created.id}`)).toMatchObject({ mobilePhone: '+819011112222', lineUserId: null });

    const lineUserId = `U${'0123456789abcdef'.repeat(2)}`;
    await lineUserIdBox.fill(lineUserId);
    await panel.getByRole('button', { name: '保存', exact: true }).click();
    await expectText(panel.getByRole('status'), '保存しました。');
    expect(await lineUserIdBox.getAttribute('aria-invalid')).toBeNull();
    expect(await tenantApi<EmployeeRecord>(token, 'GET', `/v1/directory/employees/${created.id}`)).toMatchObject({ mobilePhone: '+819012345678', lineUserId, active: true });

    // Disabling starts off-boarding: it asks first.
    await panel.getByRole('button', { name: 'この社員を無効にする' }).click();
    const confirmation = panel.getByRole('alert').filter({ hasText: 'オフボーディングが始まります' });
    await confirmation.getByRole('button', { name: '無効にする', exact: true }).click();
    await expectText(panel.getByRole('status'), '無効にしました。');
    expect(await tenantApi<EmployeeRecord>(token, 'GET', `/v1/directory/employees/${created.id}`)).toMatchObject({ active: false });

    // Escape closes the panel and gives the focus back to the name; the row shows the change.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await focusedElement(page)).toMatchObject({ tag: 'button', name: '山田 詳子' });
    await page.locator('.virtual-row', { has: nameButton }).locator('.badge', { hasText: '無効' }).waitFor();
    await context.close();
  }, 120_000);

  it('lets the crisis team record, on their behalf, the answer of someone who phoned in, and that person leaves the non-responders', async () => {
    // Three people working in Okinawa, nobody else there: a safety check of their own.
    const token = await ownerAccessToken();
    const numbers = [1, 2, 3].map((n) => `OKI-${suffix}-${n}`);
    for (const [index, employeeNumber] of numbers.entries()) {
      await tenantApi(token, 'POST', '/v1/directory/employees', {
        employeeNumber,
        nameKanji: `沖縄 ${index + 1}`,
        nameKana: 'オキナワ',
        companyEmail: `${employeeNumber.toLowerCase()}@${employeeDomain}`,
        workPrefecture: '47',
      });
    }
    const target = { kind: 'prefectures', prefectureCodes: ['47'], match: 'work' };
    await waitFor(async () => (await gatewayApi<{ count: number }>('dispatch', token, 'POST', '/v1/alerts/recipient-count', { target })).count === 3, {
      timeoutMs: 60_000,
      what: 'dispatch to know the three people in Okinawa',
    });
    const { id: alertId } = await gatewayApi<{ id: string }>('dispatch', token, 'POST', '/v1/alerts', { title: `沖縄で大雨 ${suffix}`, message: '安否を回答してください。', target, channels: ['email'] }, { 'idempotency-key': `proxy-answer-${suffix}` });
    // The dashboard reads the list once: it must hold the three (dispatch's fan-out reached response-collection).
    await waitFor(async () => (await gatewayApi<{ items: unknown[] }>('responses', token, 'GET', `/v1/alerts/${alertId}/non-responders`)).items.length === 3, {
      timeoutMs: 90_000,
      what: 'the three non-responders',
    });

    // bypassCSP: axe-core is injected to audit the open panel.
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', bypassCSP: true });
    const page = await context.newPage();
    await logInByName(page);
    await page.goto(`${stack.consoleUrl}/alerts/${alertId}`);
    await expectText(page.getByTestId('non-responder-count'), '未回答者 3 名');
    // Named from the directory: the crisis team phones a person, not an employee number.
    const person = `沖縄 1（社員番号 ${numbers[0]}）`;
    await page.getByRole('button', { name: `代理回答: ${person}` }).click();
    const panel = page.getByRole('dialog', { name: `${person} の代理回答` });
    await panel.waitFor();
    expect(await focusedElement(page)).toMatchObject({ tag: 'h2', name: `${person} の代理回答` });
    await panel.getByText('本人に代わって回答を記録します').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    // Saved with the required question left empty: the service's word shows at that question, and the keyboard lands there.
    await panel.getByLabel('現在地').fill('自宅（電話で確認）');
    const save = panel.getByRole('button', { name: '代理で記録する' });
    await save.click();
    const safety = panel.getByRole('group', { name: 'あなたの安否（必須）' });
    await safety.locator('.field-error').waitFor();
    expect(await safety.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', name: '無事' });
    await expectText(page.getByTestId('non-responder-count'), '未回答者 3 名');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, 'proxy-answer-field-error');

    await safety.getByRole('radio', { name: '無事', exact: true }).check();
    await save.click();
    await expectText(panel.getByRole('status'), `${person} の回答を代理で記録しました。`);
    expect(await safety.getAttribute('aria-invalid')).toBeNull();
    // Off the list at once; the counters follow live (Server-Sent Events).
    await expectText(page.getByTestId('non-responder-count'), '未回答者 2 名');
    await expectText(page.getByTestId('responded'), '1');
    await expectText(page.getByTestId('answer-safety-safe'), '1');
    const { userId: ownerId } = await gatewayApi<{ userId: string }>('auth', token, 'GET', '/v1/sessions/current');
    expect(await stack.query('response-collection-service', 'SELECT recorded_by FROM staff_answers WHERE alert_id = $1', [alertId])).toEqual([{ recorded_by: ownerId }]);

    // Escape closes the panel; the row that opened it is gone, so the keyboard is back at the list.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: `代理回答: ${person}` }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^代理回答: / }).count()).toBe(2);
    expect(await focusedElement(page)).toMatchObject({ tag: 'p', name: '未回答者 2 名' });
    await context.close();
  }, 240_000);

  it('routes only the public API through the gateway and answers unknown paths with the app', async () => {
    const internal = await fetch(`${stack.consoleUrl}/api/tenant/internal/v1/tenants/00000000-0000-0000-0000-000000000000`);
    expect(internal.status).toBe(404);
    const metrics = await fetch(`${stack.consoleUrl}/api/auth/metrics`);
    expect(metrics.status).toBe(404);
    const jwks = await fetch(`${stack.consoleUrl}/api/auth/.well-known/jwks.json`);
    expect(jwks.status).toBe(200);
    const screen = await fetch(`${stack.consoleUrl}/alerts/some-screen`);
    expect(screen.status).toBe(200);
    expect(screen.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await screen.text()).toContain('<div id="root"></div>');
  });

  it('shows a refused log-in in plain words, changes nothing, and lets the owner reset the password by e-mail', async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${stack.consoleUrl}/login`);
    await page.getByLabel('企業ID').fill(slug);
    await page.getByLabel('メールアドレス').fill(ownerEmail);
    await page.getByLabel('パスワード').fill('not-the-password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('alert').getByText('企業ID、メールアドレスまたはパスワードが正しくありません。').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('anpi.session')")).toBeNull();

    // "Forgot your password?": a link by e-mail to the console's reset screen, then a log-in with the new one.
    await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
    await page.getByLabel('企業ID').fill(slug);
    await page.getByLabel('メールアドレス').fill(ownerEmail);
    await page.getByRole('button', { name: '再設定のメールを送る' }).click();
    await page.getByText('再設定のリンクをメールでお送りしました').waitFor();
    const resetLink = await waitFor(() => stack.mail.mailsTo(ownerEmail).map((mail) => resetLinkPattern.exec(mail.text)?.[0]).find(Boolean), { timeoutMs: 60_000, what: 'the password reset e-mail' });
    await page.goto(resetLink);
    await page.getByLabel('新しいパスワード（12文字以上）').fill(`${password}-new`);
    await page.getByRole('button', { name: '設定してログインへ' }).click();
    await page.getByText('パスワードを設定しました').waitFor();
    await page.getByRole('button', { name: 'ログイン' }).click();
    await logIn(page, `${password}-new`);
    await page.getByRole('navigation', { name: 'メインメニュー' }).waitFor();
    await context.close();
  });

  /** Logs in by the fields' names, whatever the language of the screen. */
  async function logInByName(page: Page) {
    await page.goto(`${stack.consoleUrl}/login`);
    await page.locator('input[name=tenant]').fill(slug);
    await page.locator('input[name=email]').fill(ownerEmail);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await page.locator('nav').waitFor();
  }

  /** The owner's access token, from the same log-in the console uses (through the gateway). */
  async function ownerAccessToken(): Promise<string> {
    const response = await fetch(`${stack.consoleUrl}/api/auth/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: slug, email: ownerEmail, password }),
    });
    if (!response.ok) throw new Error(`log-in: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  function tenantApi<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    return gatewayApi<T>('tenant', token, method, path, body);
  }

  /** One service's public API through the console's gateway, as the owner. */
  async function gatewayApi<T>(service: 'tenant' | 'auth' | 'dispatch' | 'responses', token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const response = await fetch(`${stack.consoleUrl}/api/${service}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async function logIn(page: Page, withPassword = password) {
    await page.getByLabel('企業ID').fill(slug);
    await page.getByLabel('メールアドレス').fill(ownerEmail);
    await page.getByLabel('パスワード').fill(withPassword);
    await page.getByRole('button', { name: 'ログイン' }).click();
  }
});

/** What the tenant-service answers about one employee (the parts checked here). */
interface EmployeeRecord {
  id: string;
  mobilePhone: string | null;
  lineUserId: string | null;
  active: boolean;
}

async function expectValue(page: Page, label: string, value: string) {
  expect(await page.getByLabel(label).inputValue()).toBe(value);
}
