import { ensureAnpiTopics, localServiceEnvironment, ServiceProcess, TokenIssuer, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { AlertProjectionController } from '../src/alerts/alert-projection.controller';
import { DirectoryProjectionController } from '../src/directory/directory-projection.controller';
import { deliverEvent, newAnswerToken, responseDatabase, safetyQuestions } from './support/response-fixture';

/**
 * A signed-in console user answering their own safety check (issue 6 §1), end to end on a real
 * process and the real database: the account's linked directory person (`emp`) is the
 * recipient; the answer is checked, counted and announced like the answer page's, and is not
 * an answer on someone's behalf.
 */
describe('own answers from the console (real process, real PostgreSQL)', () => {
  const issuer = new TokenIssuer(3198);
  let service: ServiceProcess;
  const dataSource = responseDatabase();
  const directory = new DirectoryProjectionController();
  const alerts = new AlertProjectionController();
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const [sales, plant] = [randomUUID(), randomUUID()];
  const me = { id: randomUUID(), number: 'M001', department: sales };
  const colleague = { id: randomUUID(), number: 'M002', department: plant };
  // Created in this order (newest last): the list shows the newest first.
  const alertIds = {
    older: randomUUID(),
    newer: randomUUID(),
    colleagueOnly: randomUUID(),
    closed: randomUUID(),
    expired: randomUUID(),
    otherTenant: randomUUID(),
  };
  const allAlertIds = Object.values(alertIds);
  const bearer: Record<string, string> = {};

  const api = (path: string, who: keyof typeof bearer, init: RequestInit = {}) =>
    fetch(`${service.baseUrl}${path}`, { ...init, headers: { authorization: `Bearer ${bearer[who]}`, ...(init.body ? { 'content-type': 'application/json' } : {}) } });
  // Response bodies are checked field by field below; their full types are the controller's.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const json = async (path: string, who: keyof typeof bearer): Promise<any> => (await api(path, who)).json();
  const mySafetyChecks = (who: keyof typeof bearer) => json('/v1/my-safety-checks', who);
  const answerOwn = (alertId: string, who: keyof typeof bearer, body: unknown) => api(`/v1/my-safety-checks/${alertId}/answer`, who, { method: 'PUT', body: JSON.stringify(body) });
  const storedAnswer = async (alertId: string, recipientId: string) =>
    dataSource.query(`SELECT answers, revision FROM answers WHERE alert_id = $1 AND recipient_id = $2`, [alertId, recipientId]) as Promise<{ answers: Record<string, string>; revision: number }[]>;
  // The running relays publish and delete outbox rows at once: what was announced is read on Kafka.
  const kafka = new Kafka({ clientId: 'own-answers-test', brokers: localServiceEnvironment('response-collection-service').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `own-answers-test-${Date.now()}` });
  const announcements: { alertId: string; recipientId: string; revision: number; via: string; answers: Record<string, string> }[] = [];
  const announced = (alertId: string, recipientId: string) => announcements.filter((event) => event.alertId === alertId && event.recipientId === recipientId);

  const createAlert = async (tenant: string, alertId: string, closesAt: Date, recipients: string[]) => {
    await deliverEvent(dataSource, (event, context) => alerts.recordAlert(event, context), 'alert.created', tenant, {
      alertId,
      title: `安否確認 ${alertId.slice(0, 4)}`,
      message: '回答してください',
      questions: safetyQuestions,
      target: { kind: 'all' },
      channels: ['email'],
      drill: false,
      source: 'manual',
      createdBy: 'test',
      closesAt: closesAt.toISOString(),
      resend: { intervalMinutes: 10, maxRounds: 0 },
    } as never);
    await deliverEvent(dataSource, (event, context) => alerts.recordLinks(event, context), 'answer-links.issued', tenant, {
      alertId,
      validUntil: closesAt.toISOString(),
      links: recipients.map((recipientId) => ({ recipientId, tokenHash: newAnswerToken().tokenHash })),
    });
  };

  beforeAll(async () => {
    await issuer.start();
    service = await new ServiceProcess('response-collection-service', 3174, issuer.serviceEnvironment).start();
    await dataSource.initialize();
    for (const tenant of [tenantId, otherTenantId]) {
      await dataSource.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'T', 'ja', 'Asia/Tokyo', false)`, [tenant]);
    }
    for (const department of [sales, plant]) {
      await deliverEvent(dataSource, (event, context) => directory.onDepartmentChanged(event, context), 'department.changed', tenantId, { departmentId: department, parentId: null, path: [department], name: '部', deleted: false });
    }
    for (const person of [me, colleague]) {
      await deliverEvent(dataSource, (event, context) => directory.onEmployeeUpserted(event, context), 'employee.upserted', tenantId, {
        employeeId: person.id,
        employeeNumber: person.number,
        departmentIds: [person.department],
        groupIds: [],
        workPrefecture: '13',
        homePrefecture: null,
        language: 'ja' as const,
        active: true,
        sealedContacts: 'v1.k1.aaaa.bbbb.cccc',
      });
    }
    const inAnHour = new Date(Date.now() + 3_600_000);
    await createAlert(tenantId, alertIds.older, inAnHour, [me.id, colleague.id]);
    await createAlert(tenantId, alertIds.newer, inAnHour, [me.id, colleague.id]);
    await createAlert(tenantId, alertIds.colleagueOnly, inAnHour, [colleague.id]);
    await createAlert(tenantId, alertIds.closed, inAnHour, [me.id]);
    await deliverEvent(dataSource, (event, context) => alerts.recordClosed(event, context), 'alert.closed', tenantId, { alertId: alertIds.closed, closedAt: new Date().toISOString(), reason: 'closed-by-staff' as const, closedBy: 'test' });
    await createAlert(tenantId, alertIds.expired, new Date(Date.now() - 60_000), [me.id]);
    // Another company's alert that asked someone with the very same id: only RLS keeps it apart.
    await createAlert(otherTenantId, alertIds.otherTenant, inAnHour, [me.id]);

    await ensureAnpiTopics();
    await reader.connect();
    await reader.subscribe({ topic: 'response.received', fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        announcements.push(JSON.parse(message.value!.toString()).payload);
      },
    });
    await waitFor(async () => (await reader.describeGroup()).state === 'Stable', { what: 'response.received reader joined' });

    bearer.unlinked = await issuer.token(tenantId, 'member');
    bearer.me = await issuer.linkedToken(tenantId, 'member', me.id);
    // The same person as a department admin of another department: their own answer is not limited by their scope.
    bearer.meAsPlantAdmin = await issuer.linkedToken(tenantId, 'department_admin', me.id, [plant]);
    bearer.admin = await issuer.token(tenantId, 'admin');
  }, 90_000);

  afterAll(async () => {
    await reader.disconnect();
    await service?.stop();
    await issuer.stop();
    for (const table of ['staff_answers', 'breakdown_choice_counts', 'breakdown_totals', 'alert_recipients', 'answer_choice_counts', 'first_answer_buckets', 'alert_totals', 'answers', 'answer_links', 'alert_projections']) {
      await dataSource.query(`DELETE FROM ${table} WHERE alert_id = ANY($1)`, [allAlertIds]);
    }
    await dataSource.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = ANY($1)`, [allAlertIds]);
    for (const table of ['directory_employees', 'directory_departments', 'known_tenants']) {
      await dataSource.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [[tenantId, otherTenantId]]);
    }
    await dataSource.destroy();
  });

  it('tells an account that is not linked to a directory person so, and refuses its answers', async () => {
    const listed = await api('/v1/my-safety-checks', 'unlinked');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({ linked: false, safetyChecks: [] });
    const refused = await answerOwn(alertIds.newer, 'unlinked', { answers: { safety: 'safe' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/not linked.*Team screen/);
    expect((await fetch(`${service.baseUrl}/v1/my-safety-checks`)).status).toBe(401);
  });

  it('lists the open safety checks that asked the person, newest first, with the question set', async () => {
    const listed = await mySafetyChecks('me');
    expect(listed.linked).toBe(true);
    expect(listed.safetyChecks.map((check: { alertId: string }) => check.alertId)).toEqual([alertIds.newer, alertIds.older]);
    expect(listed.safetyChecks[0]).toEqual({
      alertId: alertIds.newer,
      title: expect.stringContaining('安否確認'),
      message: '回答してください',
      drill: false,
      closesAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      questions: safetyQuestions,
      answer: null,
    });
    // A department admin's scope is about other people: their own list is the same.
    expect(await mySafetyChecks('meAsPlantAdmin')).toEqual(listed);
  });

  it('records the person’s own answer once in the aggregates, announced as given in the console, and lets them change it', async () => {
    const before = await json(`/v1/alerts/${alertIds.newer}/summary`, 'admin');
    expect(before).toMatchObject({ recipients: 2, responded: 0 });

    const first = await answerOwn(alertIds.newer, 'me', { answers: { safety: 'safe' } });
    expect(first.status).toBe(200);
    const recorded = (await first.json()) as { firstAnsweredAt: string };
    expect(recorded).toEqual({ alertId: alertIds.newer, answers: { safety: 'safe' }, revision: 1, firstAnsweredAt: expect.any(String), answeredAt: recorded.firstAnsweredAt });
    // The same answer again (a double tap) changes nothing and announces nothing.
    expect(await (await answerOwn(alertIds.newer, 'me', { answers: { safety: 'safe' } })).json()).toMatchObject({ revision: 1 });
    expect(await json(`/v1/alerts/${alertIds.newer}/summary`, 'admin')).toMatchObject({ recipients: 2, responded: 1, answers: { safety: { safe: 1 } } });

    const changed = await answerOwn(alertIds.newer, 'meAsPlantAdmin', { answers: { safety: 'serious_injury', comment: '足を怪我しました' } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ revision: 2, answers: { safety: 'serious_injury', comment: '足を怪我しました' }, firstAnsweredAt: recorded.firstAnsweredAt });
    const afterChange = await json(`/v1/alerts/${alertIds.newer}/summary`, 'admin');
    expect(afterChange).toMatchObject({ responded: 1, answers: { safety: { serious_injury: 1 } } });
    expect(afterChange.answers.safety.safe ?? 0).toBe(0);
    const breakdown = await json(`/v1/alerts/${alertIds.newer}/breakdown`, 'admin');
    expect(breakdown.departments.find((row: { departmentId: string }) => row.departmentId === sales)).toMatchObject({ recipients: 1, responded: 1, answers: { safety: { serious_injury: 1 } } });
    // Two changes, two `response.received` events through the outbox, both as given in the console; the repeat announced nothing.
    await waitFor(() => announced(alertIds.newer, me.id).length >= 2, { what: 'two response.received events on Kafka' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(announced(alertIds.newer, me.id).map(({ revision, via, answers }) => ({ revision, via, answers }))).toEqual([
      { revision: 1, via: 'console', answers: { safety: 'safe' } },
      { revision: 2, via: 'console', answers: { safety: 'serious_injury', comment: '足を怪我しました' } },
    ]);

    const listed = await mySafetyChecks('me');
    expect(listed.safetyChecks.find((check: { alertId: string }) => check.alertId === alertIds.newer).answer).toEqual({
      answers: { safety: 'serious_injury', comment: '足を怪我しました' },
      revision: 2,
      firstAnsweredAt: recorded.firstAnsweredAt,
      answeredAt: expect.any(String),
    });
    expect(listed.safetyChecks.find((check: { alertId: string }) => check.alertId === alertIds.older).answer).toBeNull();
  });

  it('keeps it the person’s own answer: no staff record, not marked 代理回答 in the CSV', async () => {
    expect(await dataSource.query('SELECT 1 FROM staff_answers WHERE alert_id = $1', [alertIds.newer])).toEqual([]);
    const exported = Buffer.from(await (await api(`/v1/alerts/${alertIds.newer}/answers.csv`, 'admin')).arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(exported[0]).toMatch(/,代理回答$/);
    expect(exported.find((line) => line.startsWith('M001'))).toMatch(/,重傷,足を怪我しました,[^,]+,[^,]+,$/);
  });

  it('refuses answers that do not fit the question set, per question, and stores nothing', async () => {
    const refused = await answerOwn(alertIds.older, 'me', { answers: { safety: 'fine', mood: 'good' } });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: unknown[] }).details).toEqual(
      expect.arrayContaining([
        { path: 'answers.safety', message: 'not one of the choices', rule: 'one-of' },
        { path: 'answers.mood', message: 'no such question in this safety check' },
      ]),
    );
    const missing = await answerOwn(alertIds.older, 'me', { answers: { comment: 'x' } });
    expect(((await missing.json()) as { details: unknown[] }).details).toEqual([{ path: 'answers.safety', message: 'an answer is required', rule: 'required' }]);
    expect((await answerOwn(alertIds.older, 'me', { answers: { safety: 'safe' }, recipientId: colleague.id })).status).toBe(400);
    expect(await storedAnswer(alertIds.older, me.id)).toEqual([]);
    expect(announced(alertIds.older, me.id)).toEqual([]);
    expect(await json(`/v1/alerts/${alertIds.older}/summary`, 'admin')).toMatchObject({ responded: 0 });
  });

  it('answers 404 for a safety check that did not ask the person, or that another company sent', async () => {
    const notAsked = await answerOwn(alertIds.colleagueOnly, 'me', { answers: { safety: 'safe' } });
    expect(notAsked.status).toBe(404);
    expect(await notAsked.json()).toMatchObject({ message: 'this safety check did not ask you' });
    expect((await answerOwn(alertIds.otherTenant, 'me', { answers: { safety: 'safe' } })).status).toBe(404);
    expect((await answerOwn(randomUUID(), 'me', { answers: { safety: 'safe' } })).status).toBe(404);
    expect(await storedAnswer(alertIds.colleagueOnly, me.id)).toEqual([]);
    expect(await storedAnswer(alertIds.otherTenant, me.id)).toEqual([]);
  });

  it('answers 410 once the safety check has closed or its time is up', async () => {
    expect((await answerOwn(alertIds.closed, 'me', { answers: { safety: 'safe' } })).status).toBe(410);
    expect((await answerOwn(alertIds.expired, 'me', { answers: { safety: 'safe' } })).status).toBe(410);
    expect(await storedAnswer(alertIds.closed, me.id)).toEqual([]);
    // Closing the one answered above: it leaves the list, and the answer can no longer change.
    await deliverEvent(dataSource, (event, context) => alerts.recordClosed(event, context), 'alert.closed', tenantId, { alertId: alertIds.newer, closedAt: new Date().toISOString(), reason: 'closed-by-staff' as const, closedBy: 'test' });
    expect((await answerOwn(alertIds.newer, 'me', { answers: { safety: 'safe' } })).status).toBe(410);
    expect((await mySafetyChecks('me')).safetyChecks.map((check: { alertId: string }) => check.alertId)).toEqual([alertIds.older]);
    expect(await storedAnswer(alertIds.newer, me.id)).toEqual([expect.objectContaining({ revision: 2 })]);
  });
});
