import { ServiceProcess } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { DirectoryClient, employeeBody, signUpTenant } from './support/directory-client';
import { TokenIssuer } from '@anpi/testing';

/**
 * The directory REST API on a real tenant-service process, PostgreSQL and Kafka, with access
 * tokens from a stand-in issuer: CRUD, pagination and search, and the security rules.
 */
describe('directory API', () => {
  const issuer = new TokenIssuer(3202);
  let service: ServiceProcess;
  let tenantA: string;
  let tenantB: string;
  let adminA: DirectoryClient;
  let adminB: DirectoryClient;
  let memberB: DirectoryClient;

  beforeAll(async () => {
    await issuer.start();
    service = await new ServiceProcess('tenant-service', 3201, issuer.serviceEnvironment).start();
    tenantA = await signUpTenant(service.baseUrl, 'dir-a');
    tenantB = await signUpTenant(service.baseUrl, 'dir-b');
    adminA = new DirectoryClient(service.baseUrl, await issuer.token(tenantA, 'admin'));
    adminB = new DirectoryClient(service.baseUrl, await issuer.token(tenantB, 'admin'));
    memberB = new DirectoryClient(service.baseUrl, await issuer.token(tenantB, 'member'));
  });

  afterAll(async () => {
    await service?.stop();
    await issuer.stop();
  });

  describe('departments, employees and groups', () => {
    it('keeps a department tree of any depth and finds people in sub-departments', async () => {
      const head = (await adminA.post('/v1/directory/departments', { name: '本社', code: `HQ-${randomUUID().slice(0, 6)}` })).body;
      const sales = (await adminA.post('/v1/directory/departments', { name: '営業部', parentId: head.id })).body;
      const tokyo = (await adminA.post('/v1/directory/departments', { name: '東京営業所', parentId: sales.id })).body;
      expect(tokyo.path).toEqual([head.id, sales.id, tokyo.id]);
      const factory = (await adminA.post('/v1/directory/departments', { name: '工場', parentId: head.id })).body;

      const created = await adminA.post('/v1/directory/employees', employeeBody({ departmentIds: [tokyo.id, factory.id], nameKanji: '検索 太郎', nameKana: 'ケンサク タロウ' }));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ departmentIds: [tokyo.id, factory.id].sort(), active: true });

      const underSales = await adminA.get(`/v1/directory/employees?departmentId=${sales.id}`);
      expect(underSales.body.items.map((employee: { id: string }) => employee.id)).toEqual([created.body.id]);
      const directOnly = await adminA.get(`/v1/directory/employees?departmentId=${sales.id}&includeSubDepartments=false`);
      expect(directOnly.body.items).toEqual([]);

      // Moving 営業部 under 工場 carries 東京営業所 along.
      const moved = await adminA.patch(`/v1/directory/departments/${sales.id}`, { parentId: factory.id });
      expect(moved.body.path).toEqual([head.id, factory.id, sales.id]);
      expect((await adminA.get(`/v1/directory/departments/${tokyo.id}`)).body.path).toEqual([head.id, factory.id, sales.id, tokyo.id]);
      const cycle = await adminA.patch(`/v1/directory/departments/${head.id}`, { parentId: tokyo.id });
      expect(cycle.status).toBe(422);
      expect(cycle.body.details).toEqual([{ path: 'parentId', message: expect.stringMatching(/cannot move under itself/) }]);
      expect((await adminA.delete(`/v1/directory/departments/${sales.id}`)).status).toBe(409);
    });

    it('pages with a cursor and searches by name, number and exact e-mail', async () => {
      const prefix = `P${randomUUID().slice(0, 6)}`;
      const bodies = Array.from({ length: 5 }, (_, index) => employeeBody({ employeeNumber: `${prefix}-${index}`, nameKanji: `頁 ${prefix}${index}` }));
      for (const body of bodies) expect((await adminA.post('/v1/directory/employees', body)).status).toBe(201);

      const seen: string[] = [];
      let cursor: string | null = '';
      while (cursor !== null) {
        const page: { body: { items: { employeeNumber: string }[]; nextCursor: string | null } } = await adminA.get(
          `/v1/directory/employees?number=${prefix}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        seen.push(...page.body.items.map((employee) => employee.employeeNumber));
        cursor = page.body.nextCursor;
      }
      expect(seen).toEqual(bodies.map((body) => body.employeeNumber));

      const byName = await adminA.get(`/v1/directory/employees?q=${encodeURIComponent(`${prefix}3`)}`);
      expect(byName.body.items.map((employee: { employeeNumber: string }) => employee.employeeNumber)).toEqual([`${prefix}-3`]);
      const byEmail = await adminA.get(`/v1/directory/employees?email=${encodeURIComponent(String(bodies[1].companyEmail).toUpperCase())}`);
      expect(byEmail.body.items.map((employee: { employeeNumber: string }) => employee.employeeNumber)).toEqual([`${prefix}-1`]);
      expect((await adminA.get('/v1/directory/employees?cursor=forged')).status).toBe(400);
    });

    it('finds exactly the people asked for by id, at most 200 ids, each a uuid', async () => {
      const [first, second, notAsked] = await Promise.all([1, 2, 3].map(async () => (await adminA.post('/v1/directory/employees', employeeBody())).body));
      const byIds = await adminA.get(`/v1/directory/employees?limit=200&ids=${[first.id, randomUUID(), second.id].join(',')}`);
      expect(byIds.status).toBe(200);
      expect(byIds.body.items.map((employee: { id: string }) => employee.id).sort()).toEqual([first.id, second.id].sort());
      expect(byIds.body.items.map((employee: { id: string }) => employee.id)).not.toContain(notAsked.id);
      // Owners and admins get the full view, phone included: the crisis team calls them.
      expect(byIds.body.items.find((employee: { id: string }) => employee.id === first.id)).toMatchObject({ nameKanji: first.nameKanji, mobilePhone: first.mobilePhone });

      const tooMany = await adminA.get(`/v1/directory/employees?ids=${Array.from({ length: 201 }, () => randomUUID()).join(',')}`);
      expect(tooMany).toMatchObject({ status: 400, body: { details: [{ path: 'ids', rule: 'too-many', maximum: 200 }] } });
      const notUuid = await adminA.get(`/v1/directory/employees?ids=${first.id},E-123`);
      expect(notUuid).toMatchObject({ status: 400, body: { details: [{ path: 'ids.1', rule: 'format' }] } });
      expect((await adminA.get('/v1/directory/employees?ids=')).status).toBe(400);
    });

    it('refuses duplicates, bad values and unknown fields with field paths', async () => {
      const body = employeeBody();
      expect((await adminA.post('/v1/directory/employees', body)).status).toBe(201);
      const duplicate = await adminA.post('/v1/directory/employees', { ...body, companyEmail: null });
      expect(duplicate).toMatchObject({ status: 409, body: { details: [{ path: 'employeeNumber' }] } });

      const invalid = await adminA.post('/v1/directory/employees', {
        ...employeeBody(),
        companyEmail: 'not-an-address',
        mobilePhone: '090-1234-5678',
        lineUserId: '@yamada',
        workPrefecture: '48',
        privateEmails: ['a@x.example', 'b@x.example', 'c@x.example', 'd@x.example'],
        salary: 1,
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.details.map((detail: { path: string }) => detail.path).sort()).toEqual(['(body)', 'companyEmail', 'lineUserId', 'mobilePhone', 'privateEmails', 'workPrefecture']);
      expect(JSON.stringify(invalid.body)).toMatch(/salary/);

      expect(await adminA.statusDeclaring('POST', '/v1/directory/employees', 2_000_000)).toBe(413);
    });

    it("keeps a person's LINE user id with their private contacts: set, changed and cleared", async () => {
      const body = employeeBody();
      const created = (await adminA.post('/v1/directory/employees', body)).body;
      expect(created.lineUserId).toBe(body.lineUserId);
      const changedTo = `U${'ab'.repeat(16)}`;
      expect((await adminA.patch(`/v1/directory/employees/${created.id}`, { lineUserId: changedTo })).body.lineUserId).toBe(changedTo);
      expect((await adminA.patch(`/v1/directory/employees/${created.id}`, { lineUserId: changedTo.toUpperCase() })).status).toBe(400);
      expect((await adminA.patch(`/v1/directory/employees/${created.id}`, { lineUserId: null })).body.lineUserId).toBeNull();
      expect((await adminA.get(`/v1/directory/employees/${created.id}`)).body).toMatchObject({ lineUserId: null, mobilePhone: body.mobilePhone });
    });

    it('disables at once, audits who did it and from where, and the log refuses changes', async () => {
      const created = (await adminA.post('/v1/directory/employees', employeeBody())).body;
      const disabled = await adminA.patch(`/v1/directory/employees/${created.id}`, { active: false });
      expect(disabled.body).toMatchObject({ active: false, disabledAt: expect.any(String) });
      const log = await adminA.get(`/v1/audit-log?targetId=${created.id}`);
      expect(log.body.items.map((entry: { action: string }) => entry.action)).toEqual(['employee.disabled', 'employee.created']);
      expect(log.body.items[0].actor).toMatchObject({ kind: 'user', role: 'admin', ip: '127.0.0.1' });
      expect(JSON.stringify(log.body)).not.toContain(created.companyEmail);
    });

    it('keeps groups across departments', async () => {
      const employee = (await adminA.post('/v1/directory/employees', employeeBody())).body;
      const group = (await adminA.post('/v1/directory/groups', { name: `対策本部 ${randomUUID().slice(0, 6)}` })).body;
      const outsider = (await adminA.post('/v1/directory/employees', employeeBody())).body;
      const filled = await adminA.put(`/v1/directory/groups/${group.id}/members`, { employeeIds: [employee.id] });
      expect(filled.body.memberCount).toBe(1);
      expect((await adminA.get(`/v1/directory/employees/${employee.id}`)).body.groupIds).toEqual([group.id]);
      // The member list with names in one page, for the group panel: members only, never the outsider.
      const members = await adminA.get(`/v1/directory/employees?groupId=${group.id}`);
      expect(members.body).toMatchObject({ items: [{ id: employee.id, nameKanji: employee.nameKanji }], nextCursor: null });
      expect(members.body.items.map((person: { id: string }) => person.id)).not.toContain(outsider.id);
      expect((await adminA.get('/v1/directory/employees?groupId=not-a-group')).status).toBe(400);
      const unknown = await adminA.put(`/v1/directory/groups/${group.id}/members`, { employeeIds: [employee.id, randomUUID()] });
      expect(unknown).toMatchObject({ status: 422, body: { details: [{ path: 'employeeIds.1' }] } });
    });
  });

  describe("another tenant's admin", () => {
    let departmentB: { id: string; name: string };
    let employeeB: { id: string; companyEmail: string; employeeNumber: string; nameKanji: string };
    let groupB: { id: string; name: string };

    beforeAll(async () => {
      departmentB = (await adminB.post('/v1/directory/departments', { name: 'B 総務部' })).body;
      employeeB = (await adminB.post('/v1/directory/employees', employeeBody({ departmentIds: [departmentB.id], nameKanji: '秘密 花子' }))).body;
      groupB = (await adminB.post('/v1/directory/groups', { name: 'B 対策本部' })).body;
      await adminB.put(`/v1/directory/groups/${groupB.id}/members`, { employeeIds: [employeeB.id] });
    });

    it.each([
      ['GET', () => `/v1/directory/employees/${employeeB.id}`, undefined],
      ['PATCH', () => `/v1/directory/employees/${employeeB.id}`, { nameKanji: '乗っ取り' }],
      ['DELETE', () => `/v1/directory/employees/${employeeB.id}`, undefined],
      ['GET', () => `/v1/directory/departments/${departmentB.id}`, undefined],
      ['PATCH', () => `/v1/directory/departments/${departmentB.id}`, { name: '乗っ取り' }],
      ['DELETE', () => `/v1/directory/departments/${departmentB.id}`, undefined],
      ['GET', () => `/v1/directory/groups/${groupB.id}`, undefined],
      ['GET', () => `/v1/directory/groups/${groupB.id}/members`, undefined],
      ['PATCH', () => `/v1/directory/groups/${groupB.id}`, { name: '乗っ取り' }],
      ['PUT', () => `/v1/directory/groups/${groupB.id}/members`, { employeeIds: [] }],
      ['DELETE', () => `/v1/directory/groups/${groupB.id}`, undefined],
      ['GET', () => `/v1/directory/employees/${randomUUID()}`, undefined],
    ])('%s %s → 404', async (method, path, body) => {
      const response = await adminA.call(method, path(), body);
      expect(response.status).toBe(404);
      expect(JSON.stringify(response.body)).not.toMatch(/秘密|B 総務部|B 対策本部/);
    });

    it('finds nothing of B through lists and crafted filters', async () => {
      const filters = [
        `departmentId=${departmentB.id}`,
        `q=${encodeURIComponent('秘密')}`,
        `number=${employeeB.employeeNumber}`,
        `email=${encodeURIComponent(employeeB.companyEmail)}`,
        `groupId=${groupB.id}`,
        `ids=${employeeB.id}`,
      ];
      for (const filter of filters) {
        const response = await adminA.get(`/v1/directory/employees?${filter}`);
        expect(response).toMatchObject({ status: 200, body: { items: [] } });
      }
      const everything = JSON.stringify([
        (await adminA.get('/v1/directory/employees?limit=200')).body,
        (await adminA.get('/v1/directory/departments')).body,
        (await adminA.get('/v1/directory/groups')).body,
        (await adminA.get('/v1/audit-log?limit=500')).body,
        (await adminA.get(`/v1/audit-log?targetId=${employeeB.id}`)).body,
      ]);
      for (const secret of [employeeB.id, departmentB.id, groupB.id, '秘密', employeeB.companyEmail]) {
        expect(everything).not.toContain(secret);
      }
    });

    it("cannot point its own rows at B's rows", async () => {
      const intoB = await adminA.post('/v1/directory/employees', employeeBody({ departmentIds: [departmentB.id] }));
      expect(intoB).toMatchObject({ status: 422, body: { details: [{ path: 'departmentIds.0', message: 'no such department' }] } });
      const childOfB = await adminA.post('/v1/directory/departments', { name: 'x', parentId: departmentB.id });
      expect(childOfB.status).toBe(422);
      const groupA = (await adminA.post('/v1/directory/groups', { name: `A ${randomUUID().slice(0, 6)}` })).body;
      expect((await adminA.put(`/v1/directory/groups/${groupA.id}/members`, { employeeIds: [employeeB.id] })).status).toBe(422);
    });

    it('changed nothing of B', async () => {
      expect((await adminB.get(`/v1/directory/employees/${employeeB.id}`)).body).toMatchObject({ nameKanji: '秘密 花子', groupIds: [groupB.id], departmentIds: [departmentB.id] });
      expect((await adminB.get(`/v1/directory/departments/${departmentB.id}`)).body.name).toBe('B 総務部');
      expect((await adminB.get(`/v1/directory/groups/${groupB.id}`)).body).toMatchObject({ name: 'B 対策本部', memberCount: 1 });
    });
  });

  describe('a member', () => {
    it("sees the company directory but not other employees' private contacts", async () => {
      const employee = (await adminB.post('/v1/directory/employees', employeeBody())).body;
      expect(employee.privateEmails).toHaveLength(1);
      for (const view of [(await memberB.get(`/v1/directory/employees/${employee.id}`)).body, ...(await memberB.get('/v1/directory/employees?limit=200')).body.items]) {
        expect(view).not.toHaveProperty('privateEmails');
        expect(view).not.toHaveProperty('mobilePhone');
        expect(view).not.toHaveProperty('lineUserId');
        expect(view).not.toHaveProperty('homePrefecture');
      }
      expect(JSON.stringify((await memberB.get('/v1/directory/employees?limit=200')).body)).not.toContain(employee.privateEmails[0]);
    });

    it('gets people by id in the directory view, without their mobile phone', async () => {
      const employee = (await adminB.post('/v1/directory/employees', employeeBody())).body;
      expect(employee.mobilePhone).toEqual(expect.any(String));
      const byIds = await memberB.get(`/v1/directory/employees?ids=${employee.id}`);
      expect(byIds.body.items).toEqual([expect.objectContaining({ id: employee.id, nameKanji: employee.nameKanji })]);
      expect(byIds.body.items[0]).not.toHaveProperty('mobilePhone');
      expect(JSON.stringify(byIds.body)).not.toContain(employee.mobilePhone);
    });

    it('cannot change the directory or read the audit log', async () => {
      expect((await memberB.post('/v1/directory/employees', employeeBody())).status).toBe(403);
      expect((await memberB.get('/v1/audit-log')).status).toBe(403);
    });
  });

  it('refuses calls without a valid token', async () => {
    const anonymous = await fetch(`${service.baseUrl}/v1/directory/employees`);
    expect(anonymous.status).toBe(401);
    const forged = new DirectoryClient(service.baseUrl, `${await issuer.token(tenantA, 'admin')}x`);
    expect((await forged.get('/v1/directory/employees')).status).toBe(401);
  });
});
