import { ACCESS_TOKEN_VERIFIER, AccessRevocations, AccessTokenVerifier, remoteSigningKeys } from '@anpi/auth-guard';
import { HttpErrorFilter } from '@anpi/service-bootstrap';
import { TokenIssuer } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DisasterEventsController, DisasterRulesController } from '../src/disaster-rules/disaster-rules.controller';
import { freeLoopbackPort } from './disaster-end-to-end-support';
import { DisasterTestStack, readJmaExample } from './disaster-test-stack';
import { bearerJsonRequest } from './rest-support';

const TOHOKU = '32-39_11_05_120615_VXSE53.xml';

const coastalTsunamiRule = {
  hazard: 'tsunami',
  minTsunamiCategory: 'tsunami-warning',
  name: '沿岸部 津波警報',
  prefectureCodes: ['04', '13'],
  title: '津波警報 安否確認',
  message: '安全な場所から回答してください',
};

/**
 * The console's disaster endpoints over real HTTP (Fastify, the service's error filter), access
 * tokens signed by a stand-in auth-service, a scratch dispatch database with row-level security.
 */
describe('disaster rules and events over REST (real HTTP, real PostgreSQL)', () => {
  let issuer: TokenIssuer;
  let stack: DisasterTestStack;
  let app: NestFastifyApplication;
  let baseUrl: string;
  let tenantId: string;
  let otherTenantId: string;
  let adminToken: string;

  const http = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) => bearerJsonRequest(baseUrl, method, path, token, body, headers);

  const rulesOf = async (token: string) => (await http('GET', '/v1/disaster-rules', token)).body as { id: string; name: string; enabled: boolean; isDefault: boolean }[];

  beforeAll(async () => {
    issuer = await new TokenIssuer(await freeLoopbackPort()).start();
    stack = await DisasterTestStack.start('anpi_disaster_rest', issuer.serviceEnvironment);
    ({ tenantId } = await stack.addTenant([{ email: 'miyagi@company.example', workPrefecture: '04', homePrefecture: null }]));
    ({ tenantId: otherTenantId } = await stack.addTenant([{ email: 'staff@other.example', workPrefecture: '04', homePrefecture: null }]));
    adminToken = await issuer.token(tenantId, 'admin');
    const verifier = new AccessTokenVerifier(remoteSigningKeys(issuer.jwksUrl), { issuer: stack.config.AUTH_TOKEN_ISSUER, audience: stack.config.AUTH_TOKEN_AUDIENCE }, new AccessRevocations());
    @Global()
    @Module({
      controllers: [DisasterRulesController, DisasterEventsController],
      providers: [
        { provide: ACCESS_TOKEN_VERIFIER, useValue: verifier },
        { provide: DataSource, useValue: stack.dataSource },
      ],
    })
    class RestTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(RestTestModule, new FastifyAdapter(), { logger: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await stack?.stop();
    await issuer?.stop();
  });

  it('lists the default rule every company gets: 5- or more where an employee works or lives', async () => {
    const listed = await http('GET', '/v1/disaster-rules', adminToken);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ hazard: 'earthquake', minIntensity: '5-', match: 'work_or_home', enabled: true, isDefault: true })]);
  });

  it('creates, replaces and deletes a rule, visible only to its own company', async () => {
    const created = await http('POST', '/v1/disaster-rules', adminToken, coastalTsunamiRule);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...coastalTsunamiRule, id: expect.any(String), isDefault: false, enabled: true, match: 'work_or_home', includeDrills: false });
    const ruleId: string = created.body.id;
    expect((await rulesOf(adminToken)).map((rule) => rule.id)).toContain(ruleId);

    const replaced = await http('PUT', `/v1/disaster-rules/${ruleId}`, adminToken, { ...coastalTsunamiRule, minTsunamiCategory: 'major-tsunami-warning', match: 'home', enabled: false });
    expect(replaced).toMatchObject({ status: 200, body: { id: ruleId, minTsunamiCategory: 'major-tsunami-warning', match: 'home', enabled: false } });
    expect((await rulesOf(adminToken)).find((rule) => rule.id === ruleId)).toMatchObject({ enabled: false });

    // Another company's admin neither sees it nor reaches it.
    const otherAdmin = await issuer.token(otherTenantId, 'admin');
    expect((await rulesOf(otherAdmin)).map((rule) => rule.id)).not.toContain(ruleId);
    expect((await http('PUT', `/v1/disaster-rules/${ruleId}`, otherAdmin, coastalTsunamiRule)).status).toBe(404);
    expect((await http('DELETE', `/v1/disaster-rules/${ruleId}`, otherAdmin)).status).toBe(404);

    expect((await http('DELETE', `/v1/disaster-rules/${ruleId}`, adminToken)).status).toBe(204);
    expect((await rulesOf(adminToken)).map((rule) => rule.id)).not.toContain(ruleId);
    expect((await http('DELETE', `/v1/disaster-rules/${ruleId}`, adminToken)).status).toBe(404);
  });

  it.each([
    ['an intensity off the JMA scale', { ...coastalTsunamiRule, hazard: 'earthquake', minTsunamiCategory: undefined, minIntensity: '8' }, 'minIntensity'],
    ['a prefecture code that does not exist', { ...coastalTsunamiRule, prefectureCodes: ['48'] }, 'prefectureCodes.0'],
    ['an unknown hazard', { ...coastalTsunamiRule, hazard: 'volcano' }, 'hazard'],
    ['an empty title', { ...coastalTsunamiRule, title: ' ' }, 'title'],
    ['an unknown field', { ...coastalTsunamiRule, sendToEveryone: true }, '(body)'],
  ])('refuses %s with 400 naming the field, and stores nothing', async (_case, body, field) => {
    const before = await rulesOf(adminToken);
    const refused = await http('POST', '/v1/disaster-rules', adminToken, body);
    expect(refused.status).toBe(400);
    expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain(field);
    expect(await rulesOf(adminToken)).toEqual(before);
  });

  it('refuses a rule id that is not a uuid with 400, and an unknown one with 404', async () => {
    expect((await http('PUT', '/v1/disaster-rules/not-a-uuid', adminToken, coastalTsunamiRule)).status).toBe(400);
    expect((await http('PUT', `/v1/disaster-rules/${randomUUID()}`, adminToken, coastalTsunamiRule)).status).toBe(404);
  });

  it('lets only owners and admins manage rules (department admins and members get 403)', async () => {
    const [defaultRule] = await rulesOf(adminToken);
    expect((await http('GET', '/v1/disaster-rules', await issuer.token(tenantId, 'owner'))).status).toBe(200);
    for (const token of [await issuer.token(tenantId, 'department_admin', [randomUUID()]), await issuer.token(tenantId, 'member')]) {
      expect((await http('GET', '/v1/disaster-rules', token)).status).toBe(403);
      expect((await http('POST', '/v1/disaster-rules', token, coastalTsunamiRule)).status).toBe(403);
      expect((await http('PUT', `/v1/disaster-rules/${defaultRule.id}`, token, coastalTsunamiRule)).status).toBe(403);
      expect((await http('DELETE', `/v1/disaster-rules/${defaultRule.id}`, token)).status).toBe(403);
    }
    expect(await rulesOf(adminToken)).toEqual([defaultRule]);
    expect((await http('GET', '/v1/disaster-rules', 'not-a-token')).status).toBe(401);
  });

  describe('after the 2011-03-11 report', () => {
    let reportId: string;

    beforeAll(async () => {
      const received = await stack.intake.receive(readJmaExample(TOHOKU), 'push');
      if (received.outcome !== 'published') throw new Error(`the Tohoku sample was not published: ${received.outcome}`);
      reportId = received.reportId;
      await stack.runConsumers({ send: false });
    });

    it('GET /v1/disaster-events shows the report and the rule it triggered for this company only', async () => {
      const [alert] = await stack.alertsOf(tenantId);
      const [defaultRule] = await rulesOf(adminToken);
      const events = await http('GET', '/v1/disaster-events', adminToken);
      expect(events.status).toBe(200);
      expect(events.body).toEqual([
        expect.objectContaining({ reportId, jmaEventId: '20110311144640', infoType: expect.any(String), triggered: [expect.objectContaining({ ruleId: defaultRule.id, alertId: alert.id, drill: false })] }),
      ]);
      // Department admins may look; the other company sees the report but none of these firings.
      expect((await http('GET', '/v1/disaster-events', await issuer.token(tenantId, 'department_admin', [randomUUID()]))).status).toBe(200);
      const other = await http('GET', '/v1/disaster-events', await issuer.token(otherTenantId, 'admin'));
      expect(other.body).toEqual([expect.objectContaining({ reportId, triggered: [expect.any(Object)] })]);
      expect(other.body[0].triggered[0].ruleId).not.toBe(defaultRule.id);
      expect(other.body[0].triggered[0].alertId).not.toBe(alert.id);
    });

    it('refuses members (403) and a bad limit (400 naming it)', async () => {
      expect((await http('GET', '/v1/disaster-events', await issuer.token(tenantId, 'member'))).status).toBe(403);
      const refused = await http('GET', '/v1/disaster-events?limit=0', adminToken);
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: { path: string }) => detail.path)).toContain('limit');
    });

    it('disables, rather than deletes, a rule that already fired: its history stays visible', async () => {
      const [defaultRule] = await rulesOf(adminToken);
      expect((await http('DELETE', `/v1/disaster-rules/${defaultRule.id}`, adminToken)).status).toBe(204);
      expect(await rulesOf(adminToken)).toEqual([expect.objectContaining({ id: defaultRule.id, enabled: false })]);
      const [event] = (await http('GET', '/v1/disaster-events', adminToken)).body;
      expect(event.triggered).toEqual([expect.objectContaining({ ruleId: defaultRule.id })]);
    });
  });
});
