import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { localServiceEnvironment, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { decode } from 'iconv-lite';
import { randomUUID } from 'node:crypto';
import { AlertProjectionController } from '../src/alerts/alert-projection.controller';
import { ContactAttemptsStore } from '../src/contact-attempts/contact-attempts';
import { ContactAttemptsController } from '../src/contact-attempts/contact-attempts.controller';
import { DirectoryProjectionController } from '../src/directory/directory-projection.controller';
import { deliverEvent, newAnswerToken, responseDatabase, safetyQuestions } from './support/response-fixture';

interface ResponseServiceClient {
  GetAlertSummary(request: object, metadata: Metadata, callback: (error: ServiceError | null, summary?: Record<string, unknown>) => void): void;
  StreamAnswers(request: object, metadata: Metadata): NodeJS.EventEmitter & { cancel(): void };
}

/**
 * The crisis team's side, end to end on a real process and the real database: breakdowns by
 * department (rolled up) and prefecture with department-admin scoping, non-responders, CSV
 * exports, the drill report, the message board from both sides, and the gRPC ResponseService.
 */
describe('dashboard, exports, board and gRPC (real process, real PostgreSQL)', () => {
  const issuer = new TokenIssuer(3197);
  let service: ServiceProcess;
  const dataSource = responseDatabase();
  const directory = new DirectoryProjectionController();
  const alerts = new AlertProjectionController();
  const contactAttempts = new ContactAttemptsController(new ContactAttemptsStore());
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const alertId = randomUUID();
  const [root, sales, salesTeam, plant] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  // Four employees: one deep in sales, one in sales, one in the plant (reading English), one with no department.
  const people = {
    deep: { id: randomUUID(), number: 'E001', departments: [salesTeam], work: '13', home: '11', language: 'ja' },
    sales: { id: randomUUID(), number: 'E002', departments: [sales], work: '13', home: null, language: 'ja' },
    plant: { id: randomUUID(), number: 'E003', departments: [plant], work: '27', home: '27', language: 'en' },
    loose: { id: randomUUID(), number: '=cmd|calc', departments: [], work: '01', home: null, language: 'ja' },
  } satisfies Record<string, { language: 'ja' | 'en' } & Record<string, unknown>>;
  const tokens = Object.fromEntries(Object.keys(people).map((name) => [name, newAnswerToken()])) as Record<keyof typeof people, ReturnType<typeof newAnswerToken>>;
  const bearer: Record<string, string> = {};
  const roundTwoAt = '2031-03-11T06:17:00.000Z';

  const api = async (path: string, role: keyof typeof bearer, init: RequestInit = {}) =>
    fetch(`${service.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${bearer[role]}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) } });
  // Response bodies are checked field by field below; their full types are the controllers'.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (path: string, role: keyof typeof bearer): Promise<any> => (await api(path, role)).json();
  const answer = (token: string, form: Record<string, string>) =>
    fetch(`${service.baseUrl}/a/${token}`, { method: 'POST', redirect: 'manual', body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' } });

  beforeAll(async () => {
    await issuer.start();
    service = await new ServiceProcess('response-collection-service', 3147, issuer.serviceEnvironment).start();
    await dataSource.initialize();
    for (const tenant of [tenantId, otherTenantId]) {
      await dataSource.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'T', 'ja', 'Asia/Tokyo', false)`, [tenant]);
    }
    const departments = [
      { departmentId: root, parentId: null, path: [root], name: '本社' },
      { departmentId: sales, parentId: root, path: [root, sales], name: '営業部' },
      { departmentId: salesTeam, parentId: sales, path: [root, sales, salesTeam], name: '営業一課' },
      { departmentId: plant, parentId: root, path: [root, plant], name: '工場' },
    ];
    for (const department of departments) {
      await deliverEvent(dataSource, (event, context) => directory.onDepartmentChanged(event, context), 'department.changed', tenantId, { ...department, deleted: false });
    }
    for (const person of Object.values(people)) {
      await deliverEvent(dataSource, (event, context) => directory.onEmployeeUpserted(event, context), 'employee.upserted', tenantId, {
        employeeId: person.id,
        employeeNumber: person.number,
        departmentIds: person.departments as string[],
        groupIds: [],
        workPrefecture: person.work,
        homePrefecture: person.home,
        language: person.language,
        active: true,
        sealedContacts: 'v1.k1.aaaa.bbbb.cccc',
      });
    }
    await deliverEvent(dataSource, (event, context) => alerts.recordAlert(event, context), 'alert.created', tenantId, {
      alertId,
      title: '震度6強 安否確認',
      message: '回答してください',
      questions: safetyQuestions,
      target: { kind: 'all' },
      channels: ['email'],
      drill: true,
      source: 'manual',
      createdBy: 'test',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      resend: { intervalMinutes: 10, maxRounds: 0 },
    } as never);
    const links = (Object.keys(people) as (keyof typeof people)[]).map((name) => ({ recipientId: people[name].id, tokenHash: tokens[name].tokenHash }));
    const linksEvent = { alertId, validUntil: new Date(Date.now() + 3_600_000).toISOString(), links };
    await deliverEvent(dataSource, (event, context) => alerts.recordLinks(event, context), 'answer-links.issued', tenantId, linksEvent);
    // Announced twice (a redelivery): nobody may be counted twice.
    await deliverEvent(dataSource, (event, context) => alerts.recordLinks(event, context), 'answer-links.issued', tenantId, linksEvent);
    // Dispatch's outcomes, the second round's before the first's (two pods, any order): for the
    // plant worker e-mail bounced and SMS went out in round 1, LINE timed out in round 2.
    // The "loose" employee has been sent nothing yet.
    const outcomes = (payload: object) =>
      deliverEvent(dataSource, (event, context) => contactAttempts.onDeliveryOutcomes(event as never, context), 'delivery.outcomes', tenantId, { alertId, ...payload });
    await outcomes({
      outcomes: [{ recipientId: people.plant.id, deliveryId: randomUUID(), round: 2, state: 'failed', attempts: [{ channel: 'line', outcome: 'failed', failureKind: 'timeout' }], at: roundTwoAt }],
    });
    await outcomes({
      outcomes: [
        {
          recipientId: people.plant.id,
          deliveryId: randomUUID(),
          round: 1,
          state: 'sent',
          attempts: [
            { channel: 'web-push', outcome: 'skipped', failureKind: 'not-configured' },
            { channel: 'email', outcome: 'bounced', failureKind: 'rejected-recipient' },
            { channel: 'sms', outcome: 'sent' },
          ],
          at: '2031-03-11T05:47:00.000Z',
        },
        { recipientId: people.deep.id, deliveryId: randomUUID(), round: 1, state: 'sent', attempts: [{ channel: 'email', outcome: 'sent' }], at: '2031-03-11T05:47:00.000Z' },
      ],
    });
    bearer.admin = await issuer.token(tenantId, 'admin');
    bearer.salesAdmin = await issuer.token(tenantId, 'department_admin', [sales]);
    bearer.plantAdmin = await issuer.token(tenantId, 'department_admin', [plant]);
    bearer.member = await issuer.token(tenantId, 'member');
    bearer.otherAdmin = await issuer.token(otherTenantId, 'admin');
    expect((await answer(tokens.deep.token, { safety: 'serious_injury', comment: '足を骨折' })).status).toBe(200);
    expect((await answer(tokens.sales.token, { safety: 'serious_injury' })).status).toBe(200);
    expect((await answer(tokens.sales.token, { safety: 'safe', comment: '=1+1' })).status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    await issuer.stop();
    for (const table of ['staff_answers', 'contact_attempts', 'board_posts', 'breakdown_choice_counts', 'breakdown_totals', 'alert_recipients', 'answer_choice_counts', 'first_answer_buckets', 'alert_totals', 'answers', 'answer_links', 'alert_projections']) {
      await dataSource.query(`DELETE FROM ${table} WHERE alert_id = $1`, [alertId]);
    }
    await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [alertId]);
    for (const table of ['directory_employees', 'directory_departments', 'known_tenants']) {
      await dataSource.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [[tenantId, otherTenantId]]);
    }
    await dataSource.destroy();
  });

  it('breaks the counts down by department with sub-departments rolled up, and by prefecture', async () => {
    expect((await api(`/v1/alerts/${alertId}/breakdown`, 'admin')).status).toBe(200);
    const breakdown = await json(`/v1/alerts/${alertId}/breakdown`, 'admin');
    const department = (id: string | null) => breakdown.departments.find((row: { departmentId: string | null }) => row.departmentId === id);
    expect(department(root)).toMatchObject({ name: '本社', recipients: 3, responded: 2, answers: { safety: { safe: 1, serious_injury: 1 } } });
    expect(department(sales)).toMatchObject({ name: '営業部', parentId: root, recipients: 2, responded: 2, responseRate: 1 });
    expect(department(salesTeam)).toMatchObject({ recipients: 1, responded: 1, answers: { safety: { serious_injury: 1 } } });
    expect(department(plant)).toMatchObject({ recipients: 1, responded: 0, answers: {} });
    expect(department(null)).toMatchObject({ name: null, recipients: 1, responded: 0 });
    const tokyo = breakdown.workPrefectures.find((row: { prefecture: string }) => row.prefecture === '13');
    expect(tokyo).toMatchObject({ recipients: 2, responded: 2, answers: { safety: { safe: 1, serious_injury: 1 } } });
    expect(breakdown.homePrefectures.find((row: { prefecture: string | null }) => row.prefecture === null)).toMatchObject({ recipients: 2, responded: 1 });
  });

  it('shows a department admin only their subtree, and no company-wide figures', async () => {
    const scoped = await json(`/v1/alerts/${alertId}/breakdown`, 'salesAdmin');
    expect(scoped.departments.map((row: { departmentId: string }) => row.departmentId).sort()).toEqual([sales, salesTeam].sort());
    expect(scoped.workPrefectures).toEqual([]);
    expect((await api(`/v1/alerts/${alertId}/summary`, 'salesAdmin')).status).toBe(403);
    expect((await api(`/v1/alerts/${alertId}/breakdown`, 'member')).status).toBe(403);
  });

  it('lists non-responders, filtered and scoped, in pages', async () => {
    const all = await json(`/v1/alerts/${alertId}/non-responders`, 'admin');
    expect(all.items.map((row: { recipientId: string }) => row.recipientId).sort()).toEqual([people.plant.id, people.loose.id].sort());
    expect(all.items.find((row: { recipientId: string }) => row.recipientId === people.plant.id)).toEqual({
      recipientId: people.plant.id,
      employeeNumber: 'E003',
      departmentIds: [plant],
      workPrefecture: '27',
      homePrefecture: '27',
      // The older round's channels first; the newer round decides the latest delivery.
      contactChannelsTried: ['email', 'sms', 'line'],
      lastDelivery: { channel: 'line', state: 'failed', at: roundTwoAt },
    });
    expect(all.items.find((row: { recipientId: string }) => row.recipientId === people.loose.id)).toMatchObject({ contactChannelsTried: [], lastDelivery: null });
    const inPlant = await json(`/v1/alerts/${alertId}/non-responders?department=${root}&workPrefecture=27`, 'admin');
    expect(inPlant.items.map((row: { recipientId: string }) => row.recipientId)).toEqual([people.plant.id]);
    const firstPage = await json(`/v1/alerts/${alertId}/non-responders?limit=1`, 'admin');
    const secondPage = await json(`/v1/alerts/${alertId}/non-responders?limit=1&after=${firstPage.next}`, 'admin');
    expect([...firstPage.items, ...secondPage.items]).toEqual(all.items);
    const salesView = await json(`/v1/alerts/${alertId}/non-responders?department=${plant}`, 'salesAdmin');
    expect(salesView.items).toEqual([]);
  });

  it('lists who answered what — the injured first of all — filtered, scoped and in pages', async () => {
    const all = await json(`/v1/alerts/${alertId}/answers`, 'admin');
    expect(all.items.map((row: { recipientId: string }) => row.recipientId).sort()).toEqual([people.deep.id, people.sales.id].sort());
    const hurt = await json(`/v1/alerts/${alertId}/answers?question=safety&choices=serious_injury,minor_injury`, 'admin');
    expect(hurt).toEqual({
      items: [
        {
          recipientId: people.deep.id,
          employeeNumber: 'E001',
          departmentIds: [salesTeam],
          workPrefecture: '13',
          homePrefecture: '11',
          answers: { safety: 'serious_injury', comment: '足を骨折' },
          firstAnsweredAt: expect.any(String),
          answeredAt: expect.any(String),
          recordedByStaff: false,
        },
      ],
      next: null,
    });
    // The latest answer counts: the sales employee first said "serious injury", then "safe".
    const safe = await json(`/v1/alerts/${alertId}/answers?question=safety&choices=safe`, 'admin');
    expect(safe.items.map((row: { recipientId: string; answers: object }) => [row.recipientId, row.answers])).toEqual([[people.sales.id, { safety: 'safe', comment: '=1+1' }]]);
    expect(new Date(safe.items[0].firstAnsweredAt).getTime()).toBeLessThanOrEqual(new Date(safe.items[0].answeredAt).getTime());
    expect((await json(`/v1/alerts/${alertId}/answers?department=${sales}&workPrefecture=13`, 'admin')).items).toHaveLength(2);
    expect((await json(`/v1/alerts/${alertId}/answers?department=${plant}`, 'admin')).items).toEqual([]);
    const firstPage = await json(`/v1/alerts/${alertId}/answers?limit=1`, 'admin');
    const secondPage = await json(`/v1/alerts/${alertId}/answers?limit=1&after=${firstPage.next}`, 'admin');
    expect([...firstPage.items, ...secondPage.items]).toEqual(all.items);
    // A department admin sees their subtree only, whatever they ask; members and other companies nothing.
    expect((await json(`/v1/alerts/${alertId}/answers`, 'salesAdmin')).items).toHaveLength(2);
    expect((await json(`/v1/alerts/${alertId}/answers`, 'plantAdmin')).items).toEqual([]);
    expect((await api(`/v1/alerts/${alertId}/answers`, 'member')).status).toBe(403);
    expect((await api(`/v1/alerts/${alertId}/answers`, 'otherAdmin')).status).toBe(404);
  });

  it.each([
    ['choices without a question', 'choices=safe'],
    ['a question without choices', 'question=safety'],
    ['a choice that is not an id', 'question=safety&choices=%27%3B--'],
    ['a page size over the limit', 'limit=501'],
    ['an unknown filter', 'name=x'],
  ])('refuses an answer list request with %s (400)', async (_case, query) => {
    const response = await api(`/v1/alerts/${alertId}/answers?${query}`, 'admin');
    expect(response.status).toBe(400);
  });

  it.each([
    ['an unknown filter', 'team=x'],
    ['a prefecture that does not exist', 'workPrefecture=48'],
    ['a page size over the limit', 'limit=5000'],
    ['a department that is not an id', 'department=sales'],
  ])('refuses %s with 400', async (_case, query) => {
    const response = await api(`/v1/alerts/${alertId}/non-responders?${query}`, 'admin');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400, message: 'validation failed' });
  });

  it('exports non-responders as Shift_JIS CSV', async () => {
    const response = await api(`/v1/alerts/${alertId}/non-responders.csv?encoding=shift_jis`, 'admin');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    const text = decode(Buffer.from(await response.arrayBuffer()), 'Shift_JIS');
    expect(text.split('\r\n')[0]).toBe('社員番号,回答者ID,部署ID,勤務地,自宅,試行した送信経路,最新の配信結果');
    expect(text).toContain(`E003,${people.plant.id},${plant},27,27,email|sms|line,failed\r\n`);
    expect(text).toContain(`'=cmd|calc,${people.loose.id},,01,,,\r\n`);
  });

  it('exports the answers as UTF-8 with a BOM and as Shift_JIS, scoped for department admins', async () => {
    const utf8 = Buffer.from(await (await api(`/v1/alerts/${alertId}/answers.csv`, 'admin')).arrayBuffer());
    expect([...utf8.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = utf8.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('社員番号,回答者ID,部署,勤務地,自宅,あなたの安否,コメント,初回回答日時,最終回答日時,代理回答');
    expect(lines).toHaveLength(3);
    expect(lines.find((line) => line.startsWith('E001'))).toMatch(new RegExp(`^E001,${people.deep.id},営業一課,13,11,重傷,足を骨折,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,`));
    expect(lines.find((line) => line.startsWith('E002'))).toContain(",無事,'=1+1,");
    const sjis = await api(`/v1/alerts/${alertId}/answers.csv?encoding=shift_jis&lang=en`, 'admin');
    const english = decode(Buffer.from(await sjis.arrayBuffer()), 'Shift_JIS');
    expect(english).toContain('Employee number,Recipient ID,Departments');
    expect(english).toContain(',Serious injury,足を骨折,');
    const plantOnly = Buffer.from(await (await api(`/v1/alerts/${alertId}/answers.csv`, 'plantAdmin')).arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(plantOnly).toHaveLength(1);
    expect((await api(`/v1/alerts/${alertId}/answers.csv?encoding=latin1`, 'admin')).status).toBe(400);
    // The answer list's filter: only the injured, as a file for HR.
    const hurt = Buffer.from(await (await api(`/v1/alerts/${alertId}/answers.csv?question=safety&choices=serious_injury,minor_injury`, 'admin')).arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(hurt).toHaveLength(2);
    expect(hurt[1]).toMatch(new RegExp(`^E001,${people.deep.id},営業一課,`));
    expect((await api(`/v1/alerts/${alertId}/answers.csv?department=${plant}`, 'admin')).status).toBe(200);
    expect((await api(`/v1/alerts/${alertId}/answers.csv?choices=safe`, 'admin')).status).toBe(400);
  });

  it('reports the answer rate over time and the median time to answer, per department', async () => {
    const report = await json(`/v1/alerts/${alertId}/report`, 'admin');
    expect(report).toMatchObject({ alertId, drill: true, recipients: 4, responded: 2, responseRate: 0.5 });
    expect(report.medianSecondsToAnswer).toEqual(expect.any(Number));
    expect(report.timeline.at(-1).responded).toBe(2);
    expect(report.departments.find((row: { departmentId: string }) => row.departmentId === sales)).toMatchObject({ name: '営業部', recipients: 2, responded: 2, responseRate: 1 });
    expect(report.departments.find((row: { departmentId: string }) => row.departmentId === plant)).toMatchObject({ recipients: 1, responded: 0, medianSecondsToAnswer: null });
    const csv = Buffer.from(await (await api(`/v1/alerts/${alertId}/report.csv`, 'admin')).arrayBuffer()).subarray(3).toString('utf8');
    expect(csv).toContain('全体,,4,2,50.0%,');
    expect(csv).toContain(`営業部,${sales},2,2,100.0%,`);
    expect((await api(`/v1/alerts/${alertId}/report`, 'salesAdmin')).status).toBe(403);
  });

  it('speaks each recipient’s language on their answer page, whatever the phone says, until they choose another', async () => {
    const open = async (token: string, query: string, acceptLanguage: string) =>
      (await fetch(`${service.baseUrl}/a/${token}${query}`, { headers: { 'x-forwarded-proto': 'https', 'accept-language': acceptLanguage } })).text();
    const plantPage = await open(tokens.plant.token, '', 'ja-JP,ja;q=0.9');
    expect(plantPage).toContain('<html lang="en">');
    expect(plantPage).toContain('Are you safe?');
    expect(plantPage).toContain(`<a href="/a/${tokens.plant.token}?lang=ja" lang="ja">日本語</a>`);
    expect(await open(tokens.deep.token, '', 'en-US,en;q=0.9')).toContain('<html lang="ja">');
    const chosen = await open(tokens.plant.token, '?lang=ja', 'en-US');
    expect(chosen).toContain('あなたの安否');
    expect(chosen).toContain(`action="/a/${tokens.plant.token}?lang=ja"`);
  });

  it('runs the message board: the crisis team posts, recipients read and reply, admins hide', async () => {
    const hostile = '<script>alert(1)</script> 本社への出社は不要です';
    const posted = await api(`/v1/alerts/${alertId}/board`, 'admin', { method: 'POST', body: JSON.stringify({ body: hostile }) });
    expect(posted.status).toBe(201);
    const page = await (await fetch(`${service.baseUrl}/a/${tokens.plant.token}`, { headers: { 'x-forwarded-proto': 'https' } })).text();
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 本社への出社は不要です');
    expect(page).not.toContain('<script>');

    const reply = (body: string) =>
      fetch(`${service.baseUrl}/a/${tokens.plant.token}/board`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ body }).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' } });
    const replied = await reply('工場は停電中 <img src=x onerror=alert(1)>');
    expect(replied.status).toBe(303);
    expect(replied.headers.get('location')).toBe(`/a/${tokens.plant.token}?lang=en`);
    expect((await reply('')).status).toBe(400);
    expect((await reply('あ'.repeat(1001))).status).toBe(400);
    expect((await reply('2')).status).toBe(303);
    expect((await reply('3')).status).toBe(303);
    const limited = await reply('4');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    const staffView = await json(`/v1/alerts/${alertId}/board`, 'admin');
    const recipientPost = staffView.items.find((post: { body: string }) => post.body.startsWith('工場は停電中'));
    expect(recipientPost).toMatchObject({ author: 'recipient', authorId: people.plant.id, hidden: false });
    expect((await api(`/v1/alerts/${alertId}/board/${recipientPost.postId}/hide`, 'salesAdmin', { method: 'POST' })).status).toBe(403);
    expect((await api(`/v1/alerts/${alertId}/board/${recipientPost.postId}/hide`, 'admin', { method: 'POST' })).status).toBe(204);
    const after = await (await fetch(`${service.baseUrl}/a/${tokens.deep.token}`, { headers: { 'x-forwarded-proto': 'https' } })).text();
    expect(after).not.toContain('工場は停電中');
    expect(after).toContain('本社への出社は不要です');
    expect((await json(`/v1/alerts/${alertId}/board`, 'salesAdmin')).items.some((post: { postId: string }) => post.postId === recipientPost.postId)).toBe(false);
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^anpi_board_posts_total\{author="recipient",outcome="posted"[^}]*\} 3$/m);
    expect(metrics).toMatch(/^anpi_board_posts_total\{author="recipient",outcome="rate-limited"[^}]*\} 1$/m);
    expect(metrics).toMatch(/^anpi_answers_recorded_total\{outcome="first"[^}]*\} 2$/m);
    expect(metrics).toMatch(/^anpi_response_exports_total\{kind="non-responders",encoding="shift_jis"[^}]*\} 1$/m);
  });

  it('keeps tenants apart and refuses bad board posts', async () => {
    expect((await api(`/v1/alerts/${alertId}/board`, 'otherAdmin', { method: 'POST', body: JSON.stringify({ body: 'x' }) })).status).toBe(404);
    expect((await json(`/v1/alerts/${alertId}/board`, 'otherAdmin')).items).toEqual([]);
    expect((await api(`/v1/alerts/${alertId}/breakdown`, 'otherAdmin')).status).toBe(404);
    expect((await api(`/v1/alerts/${alertId}/answers.csv`, 'otherAdmin')).status).toBe(404);
    expect((await api(`/v1/alerts/${alertId}/board`, 'member', { method: 'POST', body: JSON.stringify({ body: 'x' }) })).status).toBe(403);
    const extra = await api(`/v1/alerts/${alertId}/board`, 'admin', { method: 'POST', body: JSON.stringify({ body: 'x', pinned: true }) });
    expect(extra.status).toBe(400);
    expect((await api(`/v1/alerts/${alertId}/board/${randomUUID()}/hide`, 'admin', { method: 'POST' })).status).toBe(404);
  });

  describe('gRPC ResponseService', () => {
    const definition = loadSync(GRPC_CONTRACTS.responses.file, { includeDirs: [protoDirectory], keepCase: true, longs: String, defaults: true, oneofs: true, enums: String });
    const services = loadPackageDefinition(definition) as unknown as {
      anpi: { responses: { v1: { ResponseService: new (address: string, channelCredentials: ReturnType<typeof credentials.createInsecure>) => ResponseServiceClient & { close(): void } } } };
    };
    let client: ResponseServiceClient & { close(): void };
    const metadataFor = async (caller: string | null) => {
      const metadata = new Metadata();
      if (caller) metadata.set('authorization', `Bearer ${await issuer.serviceToken(caller, 'response-collection-service')}`);
      return metadata;
    };
    const summary = (request: object, metadata: Metadata) =>
      new Promise<Record<string, unknown>>((resolve, reject) => client.GetAlertSummary(request, metadata, (error, value) => (error ? reject(error) : resolve(value!))));

    beforeAll(() => {
      client = new services.anpi.responses.v1.ResponseService(localServiceEnvironment('response-collection-service', { HTTP_PORT: '3147' }).GRPC_URL, credentials.createInsecure());
    });
    afterAll(() => client.close());

    it('serves the alert summary to an allowed internal caller', async () => {
      const value = await summary({ tenant_id: tenantId, alert_id: alertId }, await metadataFor('alert-dispatch-service'));
      expect(value).toMatchObject({ alert_id: alertId, recipients: '4', responded: '2', response_rate: 0.5 });
      expect(value.answers).toEqual({ safety: { by_choice: { safe: '1', serious_injury: '1' } } });
    });

    it.each([
      ['no service token', null, { tenant_id: tenantId, alert_id: alertId }, status.UNAUTHENTICATED],
      ['a caller that may not read answers', 'auth-service', { tenant_id: tenantId, alert_id: alertId }, status.PERMISSION_DENIED],
      ['a malformed request', 'alert-dispatch-service', { tenant_id: 'nope', alert_id: alertId }, status.INVALID_ARGUMENT],
      ['an alert of another tenant', 'alert-dispatch-service', { tenant_id: otherTenantId, alert_id: alertId }, status.NOT_FOUND],
    ])('refuses %s', async (_case, caller, request, code) => {
      await expect(summary(request, await metadataFor(caller))).rejects.toMatchObject({ code });
    });

    it('streams the answers so far, then each new one as it is committed', async () => {
      const call = client.StreamAnswers({ tenant_id: tenantId, alert_id: alertId }, await metadataFor('alert-dispatch-service'));
      const seen: { recipient_id: string; revision: number; answers: Record<string, string> }[] = [];
      call.on('data', (message) => seen.push(message));
      call.on('error', () => undefined);
      await waitFor(() => seen.length >= 2, { what: 'the answers recorded so far' });
      expect(seen.map((message) => message.recipient_id).sort()).toEqual([people.deep.id, people.sales.id].sort());
      expect(seen.find((message) => message.recipient_id === people.sales.id)).toMatchObject({ revision: 2, answers: { safety: 'safe', comment: '=1+1' } });
      expect((await answer(tokens.loose.token, { safety: 'safe' })).status).toBe(200);
      await waitFor(() => seen.some((message) => message.recipient_id === people.loose.id), { what: 'the new answer on the stream' });
      call.cancel();
    });
  });

  // Last: it makes the plant employee a responder.
  it('sends the breakdown live over Server-Sent Events when an answer arrives', async () => {
    const controller = new AbortController();
    const response = await api(`/v1/alerts/${alertId}/breakdown/live`, 'plantAdmin', { signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    let received = '';
    const plantResponded = () => [...received.matchAll(/^data: (.*)$/gm)].map((match) => JSON.parse(match[1])).some((event) => event.departments[0]?.responded === 1);
    const readUntil = async (done: () => boolean) => {
      while (!done()) received += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil(() => received.includes('event: breakdown'));
    expect(plantResponded()).toBe(false);
    expect((await answer(tokens.plant.token, { safety: 'safe' })).status).toBe(200);
    await readUntil(plantResponded);
    controller.abort();
  });

  it('erases a purged employee from the projection and from past alerts', async () => {
    await deliverEvent(dataSource, (event, context) => directory.onEmployeeRemoved(event, context), 'employee.removed', tenantId, { employeeId: people.loose.id, reason: 'purged' as const });
    expect(await dataSource.query('SELECT 1 FROM directory_employees WHERE employee_id = $1', [people.loose.id])).toEqual([]);
    expect(await dataSource.query('SELECT employee_number FROM alert_recipients WHERE recipient_id = $1', [people.loose.id])).toEqual([{ employee_number: null }]);
  });

  it('lets the crisis team record an answer on someone\'s behalf (a phone call): checked, scoped, and the person is no longer a non-responder', async () => {
    const put = (recipientId: string, role: keyof typeof bearer, answers: Record<string, string>) =>
      api(`/v1/alerts/${alertId}/answers/${recipientId}`, role, { method: 'PUT', body: JSON.stringify({ answers }) });
    // Everyone above has answered by now: one more plant worker is asked (a later round's link) and phones in.
    const caller = randomUUID();
    await deliverEvent(dataSource, (event, context) => directory.onEmployeeUpserted(event, context), 'employee.upserted', tenantId, {
      employeeId: caller,
      employeeNumber: 'E005',
      departmentIds: [plant],
      groupIds: [],
      workPrefecture: '27',
      homePrefecture: null,
      language: 'ja' as const,
      active: true,
      sealedContacts: 'v1.k1.aaaa.bbbb.cccc',
    });
    await deliverEvent(dataSource, (event, context) => alerts.recordLinks(event, context), 'answer-links.issued', tenantId, {
      alertId,
      validUntil: new Date(Date.now() + 3_600_000).toISOString(),
      links: [{ recipientId: caller, tokenHash: newAnswerToken().tokenHash }],
    });
    expect((await json(`/v1/alerts/${alertId}/non-responders`, 'admin')).items.map((row: { recipientId: string }) => row.recipientId)).toEqual([caller]);

    expect((await put(caller, 'member', { safety: 'safe' })).status).toBe(403);
    expect((await put(caller, 'salesAdmin', { safety: 'safe' })).status).toBe(403);
    expect((await put(caller, 'otherAdmin', { safety: 'safe' })).status).toBe(404);
    expect((await put(randomUUID(), 'admin', { safety: 'safe' })).status).toBe(404);
    const refused = await put(caller, 'plantAdmin', { safety: 'fine', mood: 'good' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: unknown[] }).details).toEqual(
      expect.arrayContaining([
        { path: 'answers.safety', message: 'not one of the choices', rule: 'one-of' },
        { path: 'answers.mood', message: 'no such question in this safety check' },
      ]),
    );
    expect((await api(`/v1/alerts/${alertId}/answers/${caller}`, 'admin', { method: 'PUT', body: JSON.stringify({ answers: { safety: 'safe' }, extra: 1 }) })).status).toBe(400);
    expect(await dataSource.query('SELECT 1 FROM answers WHERE alert_id = $1 AND recipient_id = $2', [alertId, caller])).toEqual([]);

    const recorded = await put(caller, 'plantAdmin', { safety: 'safe', comment: '電話で無事を確認' });
    expect(recorded.status).toBe(200);
    const body = (await recorded.json()) as { recordedBy: string };
    expect(body).toMatchObject({ alertId, recipientId: caller, answers: { safety: 'safe', comment: '電話で無事を確認' }, revision: 1, via: 'console', recordedBy: expect.any(String) });
    expect(await dataSource.query('SELECT recorded_by FROM staff_answers WHERE alert_id = $1 AND recipient_id = $2', [alertId, caller])).toEqual([{ recorded_by: body.recordedBy }]);
    expect((await json(`/v1/alerts/${alertId}/non-responders`, 'admin')).items).toEqual([]);
    expect(await json(`/v1/alerts/${alertId}/summary`, 'admin')).toMatchObject({ recipients: 5, responded: 5 });
    // What the console sends from its non-responders list: only if nobody has answered meanwhile.
    const onlyIfUnanswered = await api(`/v1/alerts/${alertId}/answers/${caller}`, 'admin', { method: 'PUT', headers: { 'if-none-match': '*' }, body: JSON.stringify({ answers: { safety: 'serious_injury' } }) });
    expect(onlyIfUnanswered.status).toBe(412);
    expect(await onlyIfUnanswered.json()).toMatchObject({ message: 'this person has answered meanwhile; their answer was kept' });
    expect(await dataSource.query('SELECT answers->>\'safety\' AS safety, revision FROM answers WHERE alert_id = $1 AND recipient_id = $2', [alertId, caller])).toEqual([{ safety: 'safe', revision: 1 }]);
    const exported = Buffer.from(await (await api(`/v1/alerts/${alertId}/answers.csv`, 'admin')).arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(exported.find((line) => line.startsWith('E005'))).toMatch(/,無事,電話で無事を確認,[^,]+,[^,]+,代理$/);
    expect(exported.find((line) => line.startsWith('E001'))).toMatch(/,[^,]+,[^,]+,$/);

    // Once the safety check has closed, nobody records anything more.
    await deliverEvent(dataSource, (event, context) => alerts.recordClosed(event, context), 'alert.closed', tenantId, { alertId, closedAt: new Date().toISOString(), reason: 'closed-by-staff' as const, closedBy: 'test' });
    expect((await put(caller, 'admin', { safety: 'serious_injury' })).status).toBe(410);
  });
});
