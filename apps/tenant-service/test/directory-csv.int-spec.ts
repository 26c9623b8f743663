import { ensureAnpiTopics, localServiceEnvironment, ServiceProcess, statusOfRequestDeclaring, TokenIssuer, waitFor } from '@anpi/testing';
import * as iconv from 'iconv-lite';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { DirectoryClient, JsonBody, signUpTenant } from './support/directory-client';

const terminalStatuses = ['validated', 'applied', 'rejected', 'failed'];

/**
 * CSV import and export of the directory on a real tenant-service process, PostgreSQL and
 * Kafka: encodings, header mapping, dry run, all-or-nothing apply, the per-row report, the
 * limits, formula neutralisation, and tenant isolation of import jobs.
 */
describe('directory CSV import and export', () => {
  const issuer = new TokenIssuer(3252);
  let service: ServiceProcess;
  let tokenA: string;
  let tokenB: string;
  let adminA: DirectoryClient;
  let adminB: DirectoryClient;
  let memberA: DirectoryClient;
  let memberTokenA: string;
  const kafka = new Kafka({ clientId: 'directory-csv-test', brokers: localServiceEnvironment('tenant-service').KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `directory-csv-test-${randomUUID()}` });
  const upserted: { tenantId: string; payload: { employeeId: string; employeeNumber: string; departmentIds: string[]; sealedContacts: unknown } }[] = [];

  async function upload(token: string, file: Buffer | string, query = '', contentType = 'text/csv'): Promise<{ status: number; body: JsonBody }> {
    const response = await fetch(`${service.baseUrl}/v1/directory/imports${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: typeof file === 'string' ? Buffer.from(file, 'utf8') : file,
    });
    return { status: response.status, body: await response.json() };
  }

  async function finished(client: DirectoryClient, jobId: string): Promise<JsonBody> {
    return waitFor(
      async () => {
        const job = await client.get(`/v1/directory/imports/${jobId}`);
        return terminalStatuses.includes(job.body.status) ? job.body : undefined;
      },
      { what: `import job ${jobId}`, timeoutMs: 60_000 },
    );
  }

  async function importFile(token: string, client: DirectoryClient, file: Buffer | string, query: string): Promise<JsonBody> {
    const started = await upload(token, file, query);
    expect(started.status).toBe(202);
    return finished(client, started.body.id);
  }

  async function employeesNumbered(client: DirectoryClient, prefix: string): Promise<JsonBody[]> {
    return (await client.get(`/v1/directory/employees?number=${prefix}&limit=200`)).body.items;
  }

  async function export_(token: string, query = '', file = 'employees.csv'): Promise<{ status: number; bytes: Buffer; contentType: string | null }> {
    const response = await fetch(`${service.baseUrl}/v1/directory/exports/${file}${query}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') };
  }

  beforeAll(async () => {
    await ensureAnpiTopics();
    const joined = new Promise((resolve) => reader.on(reader.events.GROUP_JOIN, resolve));
    await reader.connect();
    await reader.subscribe({ topic: 'employee.upserted', fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        upserted.push(JSON.parse(message.value!.toString()));
      },
    });
    await joined;
    await issuer.start();
    service = await new ServiceProcess('tenant-service', 3251, issuer.serviceEnvironment).start();
    const tenantA = await signUpTenant(service.baseUrl, 'csv-a');
    const tenantB = await signUpTenant(service.baseUrl, 'csv-b');
    tokenA = await issuer.token(tenantA, 'admin');
    tokenB = await issuer.token(tenantB, 'admin');
    adminA = new DirectoryClient(service.baseUrl, tokenA);
    adminB = new DirectoryClient(service.baseUrl, tokenB);
    memberTokenA = await issuer.token(tenantA, 'member');
    memberA = new DirectoryClient(service.baseUrl, memberTokenA);
  });

  afterAll(async () => {
    await reader.disconnect();
    await service?.stop();
    await issuer.stop();
  });

  describe('import', () => {
    it('dry-runs a UTF-8 file with BOM and Japanese headers, then applies it as Shift_JIS, all rows with their departments', async () => {
      const prefix = `J${randomUUID().slice(0, 6)}`;
      const mailbox = prefix.toLowerCase();
      const department = (await adminA.post('/v1/directory/departments', { name: '東京支社', code: `TKY-${prefix}` })).body;
      const lineUserId = `U${randomUUID().replace(/-/g, '')}`;
      const csv = [
        '社員番号,氏名,氏名カナ,会社メール,個人メール,携帯電話,LINEユーザーID,勤務地都道府県,自宅都道府県,所属コード,有効',
        `${prefix}-1,山田 太郎,ヤマダ タロウ,taro.${mailbox}@corp.example,taro@home.example;t2@home.example,+819011112222,${lineUserId},13,14,TKY-${prefix},有効`,
        `${prefix}-2,鈴木 花子,スズキ ハナコ,,,,,1,,,無効`,
      ].join('\r\n');

      const dryRun = await importFile(tokenA, adminA, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)]), '?mode=dry_run');
      expect(dryRun).toMatchObject({ mode: 'dry_run', status: 'validated', encoding: 'utf-8', rowsTotal: 2, rowsDone: 2, problemCount: 0, summary: { toCreate: 2, toUpdate: 0 } });
      expect(await employeesNumbered(adminA, prefix)).toEqual([]);

      const applied = await importFile(tokenA, adminA, iconv.encode(csv, 'cp932'), '?mode=apply');
      expect(applied).toMatchObject({ status: 'applied', encoding: 'shift_jis', rowsDone: 2, summary: { created: 2, updated: 0 } });
      const [taro, hanako] = await employeesNumbered(adminA, prefix);
      expect(taro).toMatchObject({
        employeeNumber: `${prefix}-1`,
        nameKanji: '山田 太郎',
        companyEmail: `taro.${mailbox}@corp.example`,
        privateEmails: ['taro@home.example', 't2@home.example'],
        mobilePhone: '+819011112222',
        lineUserId,
        workPrefecture: '13',
        homePrefecture: '14',
        departmentIds: [department.id],
        active: true,
      });
      // Excel turns "01" into "1"; the import restores the two-digit code.
      expect(hanako).toMatchObject({ nameKana: 'スズキ ハナコ', companyEmail: null, lineUserId: null, workPrefecture: '01', active: false });

      // Each applied row is announced through the outbox, contacts sealed (never in plaintext on Kafka).
      const announced = await waitFor(() => {
        const mine = upserted.filter((event) => event.payload.employeeNumber.startsWith(`${prefix}-`));
        return mine.length >= 2 && mine;
      }, { what: 'employee.upserted for both imported rows' });
      expect(announced.map((event) => event.payload.employeeId).sort()).toEqual([taro.id, hanako.id].sort());
      expect(announced.find((event) => event.payload.employeeId === taro.id)?.payload.departmentIds).toEqual([department.id]);
      expect(JSON.stringify(announced)).not.toContain(mailbox);
      expect(JSON.stringify(announced)).not.toContain(lineUserId);
    });

    it('imports a department tree (parents after children in the file is fine), renames by code, then employees into it', async () => {
      const prefix = `T${randomUUID().slice(0, 6)}`;
      const tree = ['部署コード,部署名,親部署コード', `${prefix}-TKY,東京営業所,${prefix}-SALES`, `${prefix}-SALES,営業部,${prefix}-HQ`, `${prefix}-HQ,本社,`].join('\n');
      const dryRun = await importFile(tokenA, adminA, tree, '?kind=departments&mode=dry_run');
      expect(dryRun).toMatchObject({ kind: 'departments', status: 'validated', summary: { toCreate: 3, toUpdate: 0 } });

      const applied = await importFile(tokenA, adminA, iconv.encode(tree, 'cp932'), '?kind=departments&mode=apply');
      expect(applied).toMatchObject({ status: 'applied', summary: { created: 3, updated: 0 } });
      const departments: { id: string; code: string; name: string; path: string[] }[] = (await adminA.get('/v1/directory/departments')).body.items;
      const byCode = new Map(departments.filter((department) => department.code?.startsWith(prefix)).map((department) => [department.code, department]));
      const [head, sales, tokyo] = [`${prefix}-HQ`, `${prefix}-SALES`, `${prefix}-TKY`].map((code) => byCode.get(code)!);
      expect(tokyo.path).toEqual([head.id, sales.id, tokyo.id]);

      const renamed = await importFile(tokenA, adminA, `code,name,parentCode\n${prefix}-SALES,営業本部,${prefix}-HQ\n`, '?kind=departments&mode=apply');
      expect(renamed).toMatchObject({ status: 'applied', summary: { created: 0, updated: 1 } });
      expect((await adminA.get(`/v1/directory/departments/${sales.id}`)).body.name).toBe('営業本部');

      const moved = await importFile(tokenA, adminA, `code,name,parentCode\n${prefix}-TKY,東京営業所,${prefix}-HQ\n${prefix}-NEW,新設,${prefix}-NONE\n`, '?kind=departments&mode=apply');
      expect(moved.status).toBe('rejected');
      expect(moved.problems).toEqual([
        { line: 2, column: 'parentCode', reason: expect.stringMatching(/^moving an existing department is not done by import/) },
        { line: 3, column: 'parentCode', reason: `no department with code ${prefix}-NONE in the file or the directory` },
      ]);

      const employees = await importFile(tokenA, adminA, `employeeNumber,nameKanji,nameKana,workPrefecture,departmentCodes\n${prefix}-1,東京 次郎,トウキョウ ジロウ,13,${prefix}-TKY\n`, '?mode=apply');
      expect(employees.status).toBe('applied');
      const underHead = await adminA.get(`/v1/directory/employees?departmentId=${head.id}`);
      expect(underHead.body.items.map((employee: { employeeNumber: string }) => employee.employeeNumber)).toEqual([`${prefix}-1`]);

      // The department export imports back as "nothing to change".
      const exported = await export_(tokenA, '', 'departments.csv');
      const lines = exported.bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('code,name,parentCode');
      expect(lines).toEqual(expect.arrayContaining([`${prefix}-HQ,本社,`, `${prefix}-SALES,営業本部,${prefix}-HQ`, `${prefix}-TKY,東京営業所,${prefix}-SALES`]));
      const reimported = await importFile(tokenA, adminA, exported.bytes, '?kind=departments&mode=dry_run');
      expect(reimported).toMatchObject({ status: 'validated', summary: { toCreate: 0, toUpdate: 0 } });
    });

    it('upserts by employee number, keeps the fields a file lacks, and reads headers through the admin mapping', async () => {
      const prefix = `U${randomUUID().slice(0, 6)}`;
      const mailbox = prefix.toLowerCase();
      await importFile(tokenA, adminA, `employeeNumber,nameKanji,nameKana,companyEmail,workPrefecture\n${prefix}-1,旧姓 一郎,キュウセイ イチロウ,ichiro.${mailbox}@corp.example,27\n`, '?mode=apply');
      const [before] = await employeesNumbered(adminA, prefix);

      const mapping = encodeURIComponent(JSON.stringify({ 従業員コード: 'employeeNumber', 漢字氏名: 'nameKanji' }));
      const updated = await importFile(tokenA, adminA, `従業員コード,漢字氏名,フリガナ,勤務地\n${prefix}-1,新姓 一郎,シンセイ イチロウ,28\n`, `?mode=apply&mapping=${mapping}`);
      expect(updated).toMatchObject({ status: 'applied', summary: { created: 0, updated: 1 } });

      const [after] = await employeesNumbered(adminA, prefix);
      expect(after).toMatchObject({ id: before.id, nameKanji: '新姓 一郎', workPrefecture: '28', companyEmail: `ichiro.${mailbox}@corp.example` });
      const audit = await adminA.get(`/v1/audit-log?targetId=${before.id}`);
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['employee.created', 'employee.updated']));
    });

    it('reports every bad row with line, column and reason, and applies none of the file', async () => {
      const prefix = `B${randomUUID().slice(0, 6)}`;
      const csv = [
        'employeeNumber,nameKanji,nameKana,companyEmail,mobilePhone,workPrefecture,homePrefecture,departmentCodes',
        `${prefix}-ok,正常 行,セイジョウ ギョウ,ok.${prefix}@corp.example,+819000000001,13,,`,
        `${prefix}-2,悪い メール,ワルイ メール,not-an-email,,13,,`,
        `${prefix}-3,悪い 電話,ワルイ デンワ,,090-1234-5678,13,,`,
        `${prefix}-4,悪い 県,ワルイ ケン,,,48,00,`,
        `${prefix}-ok,重複 行,ジュウフク ギョウ,,,13,,`,
        `${prefix}-6,"=HYPERLINK(""http://evil.example"")",ワルイ シキ,,,13,,`,
        `${prefix}-7,所属 不明,ショゾク フメイ,,,13,,NO-SUCH-${prefix}`,
      ].join('\n');
      const job = await importFile(tokenA, adminA, csv, '?mode=apply');
      expect(job.status).toBe('rejected');
      expect(job.problems).toEqual([
        { line: 3, column: 'companyEmail', reason: expect.stringMatching(/email/i) },
        { line: 4, column: 'mobilePhone', reason: expect.stringMatching(/E\.164/) },
        { line: 5, column: 'workPrefecture', reason: expect.stringMatching(/01–47/) },
        { line: 5, column: 'homePrefecture', reason: expect.stringMatching(/01–47/) },
        { line: 6, column: 'employeeNumber', reason: 'duplicate employee number (first on line 2)' },
        { line: 7, column: 'nameKanji', reason: expect.stringMatching(/formulas are not accepted/) },
        { line: 8, column: 'departmentCodes', reason: `no department with code NO-SUCH-${prefix}` },
      ]);
      expect(job.summary).toEqual({ rows: 7, rowsWithProblems: 6 });
      // No cell value (personal data) is echoed in the report.
      expect(JSON.stringify(job.problems)).not.toContain('not-an-email');
      expect(await employeesNumbered(adminA, prefix)).toEqual([]);
    });

    it('refuses a malformed file, a file in the wrong encoding and unknown columns with a clear 422', async () => {
      const malformed = await upload(tokenA, 'employeeNumber,nameKanji,nameKana,workPrefecture\nE1,"壊れた,ヤマダ,13\n');
      expect(malformed.status).toBe(422);
      expect(malformed.body.details).toEqual([{ path: 'file', message: expect.stringMatching(/^malformed CSV: Quote Not Closed/) }]);

      const ragged = await upload(tokenA, 'employeeNumber,nameKanji,nameKana,workPrefecture\nE1,山田,ヤマダ,13,extra\n');
      expect(ragged.status).toBe(422);
      expect(ragged.body.details[0].message).toMatch(/line 2/);

      const shiftJis = iconv.encode('社員番号,氏名,氏名カナ,勤務地都道府県\nE1,山田,ヤマダ,13\n', 'cp932');
      const declaredUtf8 = await upload(tokenA, shiftJis, '?encoding=utf-8');
      expect(declaredUtf8.status).toBe(422);
      expect(declaredUtf8.body.details).toEqual([{ path: 'file', message: expect.stringMatching(/not valid UTF-8/) }]);

      const binary = await upload(tokenA, Buffer.from([0x81, 0x00, 0xff, 0xfe, 0x80, 0xa0, 0xfd, 0x0a]));
      expect(binary.status).toBe(422);
      expect(binary.body.details[0].message).toBe('the file is neither UTF-8 nor Shift_JIS');

      const unknownColumn = await upload(tokenA, 'employeeNumber,nameKanji,nameKana,workPrefecture,salary\nE1,山田,ヤマダ,13,100\n');
      expect(unknownColumn.status).toBe(422);
      expect(unknownColumn.body.details[0].message).toBe('unknown columns: salary (pass a mapping to name their fields)');

      const missing = await upload(tokenA, 'employeeNumber,nameKanji\nE1,山田\n');
      expect(missing.body.details[0].message).toBe('required columns are missing: nameKana, workPrefecture');
    });

    it('refuses a 20 MB file with 413 and more than 100,000 rows with a clear error, and checks 100,000 rows', async () => {
      const header = 'employeeNumber,nameKanji,nameKana,workPrefecture\n';
      // Refused on its declared length, before a byte of it is read. (Sending the 20 MB too
      // makes the client's write race the server's close: EPIPE instead of a status.)
      expect(
        await statusOfRequestDeclaring('http://127.0.0.1:3251/v1/directory/imports', { headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'text/csv' }, contentLength: 20 * 1024 * 1024 }),
      ).toBe(413);

      const rows = Array.from({ length: 100_001 }, (_, index) => `N${index},山田,ヤマダ,13`).join('\n');
      const tooMany = await upload(tokenA, header + rows);
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.details).toEqual([{ path: 'file', message: 'the file has more than 100000 rows; split it into several imports' }]);

      const prefix = `L${randomUUID().slice(0, 6)}`;
      const atLimit = Array.from({ length: 100_000 }, (_, index) => `${prefix}-${index},山田,ヤマダ,13`).join('\n');
      const checked = await importFile(tokenA, adminA, header + atLimit, '?mode=dry_run');
      expect(checked).toMatchObject({ status: 'validated', rowsTotal: 100_000, rowsDone: 100_000, summary: { toCreate: 100_000, toUpdate: 0 } });
    });

    it('refuses unknown or oversized query fields and a body that is not CSV with field paths', async () => {
      const unknownField = await upload(tokenA, 'x', '?mode=apply&dryRun=true');
      expect(unknownField.status).toBe(400);
      expect(unknownField.body.details).toEqual([{ path: '(query)', message: expect.stringMatching(/dryRun/), rule: 'unknown-fields', fields: ['dryRun'] }]);

      const badMapping = await upload(tokenA, 'x', `?mapping=${encodeURIComponent(JSON.stringify({ 給与: 'salary' }))}`);
      expect(badMapping.status).toBe(400);
      expect(badMapping.body.details).toEqual([expect.objectContaining({ path: 'mapping.給与', message: expect.any(String), rule: 'one-of' })]);

      const oversizedMapping = await upload(tokenA, 'x', `?mapping=${encodeURIComponent(JSON.stringify({ a: 'x'.repeat(5_000) }))}`);
      expect(oversizedMapping.status).toBe(400);
      expect(oversizedMapping.body.details[0].path).toBe('mapping');

      const json = await upload(tokenA, JSON.stringify({ rows: [] }), '', 'application/json');
      expect(json.status).toBe(415);
    });

    it('is for admins only', async () => {
      expect((await upload(memberTokenA, 'employeeNumber\n')).status).toBe(403);
      expect((await memberA.get('/v1/directory/imports')).status).toBe(403);
      expect((await memberA.get('/v1/directory/exports/employees.csv')).status).toBe(403);
    });

    it("keeps each tenant's import jobs to itself", async () => {
      const job = await importFile(tokenA, adminA, `employeeNumber,nameKanji,nameKana,workPrefecture\nI${randomUUID().slice(0, 6)},山田,ヤマダ,13\n`, '?mode=dry_run');
      expect((await adminB.get(`/v1/directory/imports/${job.id}`)).status).toBe(404);
      expect((await adminB.get(`/v1/directory/imports/${randomUUID()}`)).status).toBe(404);
      const listedByB = (await adminB.get('/v1/directory/imports?limit=100')).body.items.map((item: { id: string }) => item.id);
      expect(listedByB).not.toContain(job.id);
      expect((await adminA.get('/v1/directory/imports?limit=100')).body.items.map((item: { id: string }) => item.id)).toContain(job.id);
    });
  });

  describe('export', () => {
    it('writes the import columns with a BOM and neutralises formula cells, which import reads back as they were', async () => {
      const prefix = `X${randomUUID().slice(0, 6)}`;
      const mailbox = prefix.toLowerCase();
      const created = await adminB.post('/v1/directory/employees', {
        employeeNumber: `${prefix}-1`,
        nameKanji: '@SUM(A1)',
        nameKana: 'シキ',
        companyEmail: `x.${mailbox}@corp.example`,
        mobilePhone: '+819012340000',
        workPrefecture: '13',
      });
      expect(created.status).toBe(201);

      const file = await export_(tokenB);
      expect(file.status).toBe(200);
      expect(file.contentType).toBe('text/csv; charset=utf-8');
      expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = file.bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe('employeeNumber,nameKanji,nameKana,companyEmail,privateEmails,mobilePhone,lineUserId,workPrefecture,homePrefecture,language,roles,departmentCodes,active');
      expect(lines).toContain(`${prefix}-1,'@SUM(A1),シキ,x.${mailbox}@corp.example,,'+819012340000,,13,,ja,,,true`);

      // The neutralised phone number reads back as E.164; the formula name is refused, naming its cell.
      const reimport = await importFile(tokenB, adminB, file.bytes, '?mode=dry_run');
      expect(reimport.problems).toEqual([{ line: lines.findIndex((line) => line.startsWith(`${prefix}-1,`)) + 1, column: 'nameKanji', reason: expect.stringMatching(/formula/) }]);
    });

    it('writes Shift_JIS with Japanese headers on request', async () => {
      const file = await export_(tokenB, '?encoding=shift_jis&headers=ja');
      expect(file.contentType).toBe('text/csv; charset=shift_jis');
      expect(iconv.decode(file.bytes, 'cp932').split('\r\n')[0]).toBe('社員番号,氏名,氏名カナ,会社メール,個人メール,携帯電話,LINEユーザーID,勤務地都道府県,自宅都道府県,言語,役割,所属コード,有効');
      expect((await export_(tokenB, '?encoding=latin1')).status).toBe(400);
    });
  });
});
