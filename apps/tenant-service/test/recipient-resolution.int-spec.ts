import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { ServiceProcess, TokenIssuer } from '@anpi/testing';
import { credentials, loadPackageDefinition, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { randomUUID } from 'node:crypto';
import { DirectoryClient, employeeBody, signUpTenant } from './support/directory-client';

interface Recipient {
  employee_id: string;
  language: string;
  name_kanji: string;
  emails: string[];
  mobile_phone: string;
  line_user_id: string;
}

interface RecipientPage {
  recipients: Recipient[];
  resume_after_employee_id: string;
}

interface ServerStream<Message> {
  on(event: 'data', listener: (message: Message) => void): this;
  on(event: 'error', listener: (error: ServiceError) => void): this;
  on(event: 'end', listener: () => void): this;
}

type DirectoryServiceClient = {
  ResolveRecipients(request: unknown, metadata: Metadata): ServerStream<Recipient>;
  ResolveRecipientPages(request: unknown, metadata: Metadata): ServerStream<RecipientPage>;
  close(): void;
};

const grpcAddress = '127.0.0.1:50061';

function directoryServiceClient(): DirectoryServiceClient {
  const definition = loadSync(GRPC_CONTRACTS.directory.file, { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true, enums: String });
  const services = loadPackageDefinition(definition) as unknown as {
    anpi: { directory: { v1: { DirectoryService: new (address: string, channelCredentials: ReturnType<typeof credentials.createInsecure>) => DirectoryServiceClient } } };
  };
  return new services.anpi.directory.v1.DirectoryService(grpcAddress, credentials.createInsecure());
}

/**
 * DirectoryService.ResolveRecipients over gRPC on a real tenant-service process and database,
 * the directory set up through the HTTP API and service tokens from a stand-in issuer.
 */
describe('recipient resolution (gRPC)', () => {
  const issuer = new TokenIssuer(3261);
  let service: ServiceProcess;
  let client: DirectoryServiceClient;
  let dispatchToken: string;
  let tenantA: string;
  let tenantB: string;
  const a: Record<'tokyo' | 'osaka' | 'hokkaido' | 'disabled' | 'grouped', string> = { tokyo: '', osaka: '', hokkaido: '', disabled: '', grouped: '' };
  const departments: Record<'head' | 'sales' | 'tokyoOffice' | 'factory', string> = { head: '', sales: '', tokyoOffice: '', factory: '' };
  let groupId: string;
  let onlyEmployeeOfB: string;
  let tokyoBody: Record<string, unknown>;

  /** Every message of one server stream, or its error. */
  function collect<Message>(method: 'ResolveRecipients' | 'ResolveRecipientPages', request: Record<string, unknown>, authorization: string | null): Promise<Message[]> {
    const metadata = new Metadata();
    if (authorization !== null) metadata.set('authorization', authorization);
    return new Promise((resolve, reject) => {
      const messages: Message[] = [];
      const call = client[method]({ after_employee_id: '', ...request }, metadata) as unknown as ServerStream<Message>;
      call
        .on('data', (message) => messages.push(message))
        .on('error', reject)
        .on('end', () => resolve(messages));
    });
  }

  const resolveRecipients = (request: Record<string, unknown>, authorization: string | null = `Bearer ${dispatchToken}`) => collect<Recipient>('ResolveRecipients', request, authorization);
  const resolveRecipientPages = (request: Record<string, unknown>, authorization: string | null = `Bearer ${dispatchToken}`) =>
    collect<RecipientPage>('ResolveRecipientPages', request, authorization);

  const refusal = (request: Record<string, unknown>, authorization?: string | null) =>
    resolveRecipients(request, authorization).then(
      () => ({ code: status.OK, details: '' }),
      (error: ServiceError) => ({ code: error.code, details: error.details }),
    );

  const idsOf = (recipients: Recipient[]) => recipients.map((recipient) => recipient.employee_id);
  const sorted = (ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    await issuer.start();
    service = await new ServiceProcess('tenant-service', 3262, { ...issuer.serviceEnvironment, GRPC_URL: grpcAddress }).start();
    client = directoryServiceClient();
    dispatchToken = await issuer.serviceToken('alert-dispatch-service', 'tenant-service');
    tenantA = await signUpTenant(service.baseUrl, 'recipients-a');
    tenantB = await signUpTenant(service.baseUrl, 'recipients-b');
    const adminA = new DirectoryClient(service.baseUrl, await issuer.token(tenantA, 'admin'));
    const adminB = new DirectoryClient(service.baseUrl, await issuer.token(tenantB, 'admin'));

    const department = async (name: string, parentId?: string) => (await adminA.post('/v1/directory/departments', { name, parentId })).body.id as string;
    departments.head = await department('本社');
    departments.sales = await department('営業部', departments.head);
    departments.tokyoOffice = await department('東京営業所', departments.sales);
    departments.factory = await department('工場', departments.head);

    const employee = async (directory: DirectoryClient, body: Record<string, unknown>) => {
      const created = await directory.post('/v1/directory/employees', body);
      if (created.status !== 201) throw new Error(`employee not created: ${JSON.stringify(created.body)}`);
      return created.body.id as string;
    };
    tokyoBody = employeeBody({ departmentIds: [departments.tokyoOffice], workPrefecture: '13', homePrefecture: '14', language: 'en', nameKanji: '東京 一郎' });
    a.tokyo = await employee(adminA, tokyoBody);
    a.osaka = await employee(adminA, employeeBody({ departmentIds: [departments.factory], workPrefecture: '27', homePrefecture: '13' }));
    a.hokkaido = await employee(adminA, employeeBody({ workPrefecture: '01', homePrefecture: null, privateEmails: [], mobilePhone: null, lineUserId: null }));
    a.disabled = await employee(adminA, employeeBody({ departmentIds: [departments.tokyoOffice], workPrefecture: '13', active: false }));
    a.grouped = await employee(adminA, employeeBody({ workPrefecture: '40' }));
    groupId = (await adminA.post('/v1/directory/groups', { name: '初動班' })).body.id;
    expect((await adminA.put(`/v1/directory/groups/${groupId}/members`, { employeeIds: [a.grouped, a.tokyo, a.disabled] })).status).toBe(200);
    onlyEmployeeOfB = await employee(adminB, employeeBody({ workPrefecture: '13' }));
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await issuer.stop();
  });

  describe('targets', () => {
    it('streams every active employee in id order with decrypted contacts', async () => {
      const recipients = await resolveRecipients({ tenant_id: tenantA, target: { all: {} } });
      expect(idsOf(recipients)).toEqual(sorted([a.tokyo, a.osaka, a.hokkaido, a.grouped]));
      expect(recipients.find((recipient) => recipient.employee_id === a.tokyo)).toEqual({
        employee_id: a.tokyo,
        language: 'en',
        name_kanji: '東京 一郎',
        emails: [tokyoBody.companyEmail, ...(tokyoBody.privateEmails as string[])],
        mobile_phone: tokyoBody.mobilePhone,
        line_user_id: tokyoBody.lineUserId,
      });
      expect(recipients.find((recipient) => recipient.employee_id === a.hokkaido)).toMatchObject({
        emails: [expect.stringContaining('@corp.example')],
        mobile_phone: '',
        line_user_id: '',
      });
    });

    it('reaches a department with all its sub-departments, and only those', async () => {
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { departments: { ids: [departments.sales] } } }))).toEqual([a.tokyo]);
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { departments: { ids: [departments.head] } } }))).toEqual(sorted([a.tokyo, a.osaka]));
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { departments: { ids: [departments.factory, departments.tokyoOffice] } } }))).toEqual(
        sorted([a.tokyo, a.osaka]),
      );
    });

    it.each([
      ['WORK', () => [a.tokyo]],
      ['HOME', () => [a.osaka]],
      ['WORK_OR_HOME', () => [a.tokyo, a.osaka]],
      ['MATCH_UNSPECIFIED', () => [a.tokyo, a.osaka]],
    ])('reaches prefecture 13 by %s', async (match, expected) => {
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { prefectures: { codes: ['13'], match } } }))).toEqual(sorted(expected()));
    });

    it('reaches the active members of a group and listed employees', async () => {
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { groups: { ids: [groupId] } } }))).toEqual(sorted([a.grouped, a.tokyo]));
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { employees: { ids: [a.hokkaido, a.disabled, randomUUID()] } } }))).toEqual([a.hokkaido]);
    });

    it('resumes after the cursor', async () => {
      const all = sorted([a.tokyo, a.osaka, a.hokkaido, a.grouped]);
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { all: {} }, after_employee_id: all[1] }))).toEqual(all.slice(2));
      expect(await resolveRecipients({ tenant_id: tenantA, target: { all: {} }, after_employee_id: all[3] })).toEqual([]);
    });
  });

  describe('in pages (ResolveRecipientPages)', () => {
    it('streams the same recipients as ResolveRecipients, with a resume cursor per page', async () => {
      const one = await resolveRecipients({ tenant_id: tenantA, target: { all: {} } });
      const pages = await resolveRecipientPages({ tenant_id: tenantA, target: { all: {} } });
      expect(pages).toHaveLength(1);
      expect(pages[0].recipients).toEqual(one);
      expect(pages[0].resume_after_employee_id).toBe(one[one.length - 1].employee_id);
      const resumed = await resolveRecipientPages({ tenant_id: tenantA, target: { all: {} }, after_employee_id: one[1].employee_id });
      expect(resumed.flatMap((page) => idsOf(page.recipients))).toEqual(idsOf(one.slice(2)));
    });

    it('sends no page when nobody is reached, and keeps tenants apart', async () => {
      expect(await resolveRecipientPages({ tenant_id: tenantB, target: { employees: { ids: [a.tokyo] } } })).toEqual([]);
      const ofB = await resolveRecipientPages({ tenant_id: tenantB, target: { all: {} } });
      expect(ofB.flatMap((page) => idsOf(page.recipients))).toEqual([onlyEmployeeOfB]);
    });

    it('refuses what ResolveRecipients refuses', async () => {
      const codeOf = (request: Record<string, unknown>, authorization?: string | null) =>
        resolveRecipientPages(request, authorization).then(
          () => status.OK,
          (error: ServiceError) => error.code,
        );
      await expect(codeOf({ tenant_id: tenantA, target: { all: {} } }, null)).resolves.toBe(status.UNAUTHENTICATED);
      const responses = await issuer.serviceToken('response-collection-service', 'tenant-service');
      await expect(codeOf({ tenant_id: tenantA, target: { all: {} } }, `Bearer ${responses}`)).resolves.toBe(status.PERMISSION_DENIED);
      await expect(codeOf({ tenant_id: tenantA, target: { prefectures: { codes: ['48'] } } })).resolves.toBe(status.INVALID_ARGUMENT);
    });
  });

  describe('tenant isolation', () => {
    it("never returns another tenant's people, whatever ids the request names", async () => {
      expect(idsOf(await resolveRecipients({ tenant_id: tenantB, target: { all: {} } }))).toEqual([onlyEmployeeOfB]);
      expect(await resolveRecipients({ tenant_id: tenantB, target: { employees: { ids: [a.tokyo, a.osaka] } } })).toEqual([]);
      expect(await resolveRecipients({ tenant_id: tenantB, target: { departments: { ids: [departments.head] } } })).toEqual([]);
      expect(await resolveRecipients({ tenant_id: tenantB, target: { groups: { ids: [groupId] } } })).toEqual([]);
      expect(idsOf(await resolveRecipients({ tenant_id: tenantA, target: { employees: { ids: [onlyEmployeeOfB] } } }))).toEqual([]);
    });
  });

  describe('refusals', () => {
    const everyoneOfA = () => ({ tenant_id: tenantA, target: { all: {} } });

    it.each<[string, () => Promise<string | null>]>([
      ['no authorization metadata', async () => null],
      ['a malformed token', async () => 'Bearer not-a-jwt'],
      ["a person's access token", async () => `Bearer ${await issuer.token(tenantA, 'owner')}`],
      ['a service token minted for another service', async () => `Bearer ${await issuer.serviceToken('alert-dispatch-service', 'response-collection-service')}`],
    ])('refuses %s as UNAUTHENTICATED', async (_case, authorization) => {
      await expect(refusal(everyoneOfA(), await authorization())).resolves.toMatchObject({ code: status.UNAUTHENTICATED });
    });

    it('refuses a verified service that may not read contact data as PERMISSION_DENIED', async () => {
      const token = await issuer.serviceToken('response-collection-service', 'tenant-service');
      await expect(refusal(everyoneOfA(), `Bearer ${token}`)).resolves.toMatchObject({ code: status.PERMISSION_DENIED });
    });

    it.each<[string, () => Record<string, unknown>]>([
      ['tenant_id', () => ({ tenant_id: 'tenant-a', target: { all: {} } })],
      ['after_employee_id', () => ({ ...everyoneOfA(), after_employee_id: 'E-1' })],
      ['target.prefectures.codes.0', () => ({ tenant_id: tenantA, target: { prefectures: { codes: ['48'], match: 'WORK' } } })],
      ['target.departments.ids.0', () => ({ tenant_id: tenantA, target: { departments: { ids: ['sales'] } } })],
      ['target.kind', () => ({ tenant_id: tenantA })],
    ])('refuses a bad %s as INVALID_ARGUMENT naming the field', async (field, request) => {
      const result = await refusal(request());
      expect(result.code).toBe(status.INVALID_ARGUMENT);
      expect(result.details.startsWith(`${field}:`)).toBe(true);
    });

    it('keeps serving after refusing', async () => {
      expect(await resolveRecipients(everyoneOfA())).toHaveLength(4);
    });
  });
});
