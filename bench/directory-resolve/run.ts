/**
 * Recipient resolution benchmark: DirectoryService.ResolveRecipientPages (or, with
 * --one-per-message, the original ResolveRecipients) streaming every one of N
 * active employees (default 100,000, every contact field filled, so every message decrypts
 * four fields) over gRPC from a real tenant-service process. See bench/directory-resolve/README.md.
 *
 *   node -r @swc-node/register bench/directory-resolve/run.ts [--employees 100000] [--runs 3] [--one-per-message]
 *
 * Exit code: 0 ok (every run under the 5 s aim and verified); 1 a run failed verification or
 * missed the aim; 3 any other error. Needs the local stack (PostgreSQL; the service process
 * also connects to Kafka but has nothing to publish: the bench clears its outbox first).
 *
 * Everything it creates is its own and is removed at the end: the database
 * anpi_bench_directory_resolve (same owner and application roles as anpi_tenant, same
 * migrations, RLS on), a service process on port 3263 (gRPC 50069) and a token issuer on 3268.
 */
import 'reflect-metadata';
import { loadConfig } from '@anpi/config';
import { GRPC_CONTRACTS, protoDirectory } from '@anpi/contracts';
import { TenantBlindIndex } from '@anpi/field-encryption';
import { createDataSource, runInTenantTransaction, runMigrations } from '@anpi/persistence';
import { localServiceEnvironment, ServiceProcess, TokenIssuer } from '@anpi/testing';
import { credentials, loadPackageDefinition, Metadata, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { tenantServiceConfigSchema } from '../../apps/tenant-service/src/config';
import { directoryKeysFrom } from '../../apps/tenant-service/src/contact-encryption/contact-encryption.module';
import { ContactVault } from '../../apps/tenant-service/src/contact-encryption/contact-vault';
import { tenantServiceDatabase } from '../../apps/tenant-service/src/database';
import { EmployeeStore } from '../../apps/tenant-service/src/employees/employee-store';
import { DatabaseRecipientPages, RecipientMessage, RecipientPageMessage, ResolveRecipients } from '../../apps/tenant-service/src/recipient-resolution/resolve-recipients';
import { SignUpTenant } from '../../apps/tenant-service/src/tenants/sign-up-tenant';

// Fixed on purpose: the benchmark can only ever drop what it created.
const BENCH_DATABASE = 'anpi_bench_directory_resolve';
const AIM_MS = 5_000;
const SEED_BATCH = 5_000;
const HTTP_PORT = 3263;
const ISSUER_PORT = 3268;
const GRPC_ADDRESS = '127.0.0.1:50069';

const environment = localServiceEnvironment('tenant-service', {
  DB_NAME: BENCH_DATABASE,
  AUTH_JWKS_URL: `http://127.0.0.1:${ISSUER_PORT}/.well-known/jwks.json`,
  AUTH_TOKEN_ISSUER: 'https://auth.anpi.test',
});
const config = loadConfig(tenantServiceConfigSchema, environment);

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

async function superuser<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: environment.PGHOST, port: Number(environment.PGPORT), user: 'postgres', database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database set up like anpi_tenant by scripts/stack: owner runs migrations, the application role gets DML only. */
async function createBenchDatabase(): Promise<void> {
  const owner = config.DB_MIGRATION_USER!;
  const app = config.DB_USER;
  await superuser('postgres', async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${BENCH_DATABASE} OWNER ${owner}`);
  });
  await superuser(BENCH_DATABASE, async (client) => {
    await client.query(`GRANT CONNECT ON DATABASE ${BENCH_DATABASE} TO ${app}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
    await client.query(`ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
  });
  await runMigrations(createDataSource(config, tenantServiceDatabase, 'migration'), () => undefined);
}

async function dropBenchDatabase(): Promise<void> {
  await superuser('postgres', (client) => client.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASE} WITH (FORCE)`));
}

function contactsOf(index: number) {
  const number = String(index).padStart(6, '0');
  return {
    companyEmail: `taro.${number}@corp.example`,
    privateEmails: [`taro.${number}@home.example`, `t.${number}@mobile.example`],
    mobilePhone: `+8190${String(10_000_000 + index).slice(-8)}`,
    lineUserId: null,
  };
}

/** Rows written straight through the employee store with contacts sealed by the real vault: no HTTP, no events. */
async function seedEmployees(dataSource: DataSource, tenantId: string, employees: number): Promise<void> {
  const vault = new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY));
  const keys = directoryKeysFrom(config);
  for (let start = 0; start < employees; start += SEED_BATCH) {
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      const cipher = await keys.cipherFor(manager, tenantId);
      const batch = Array.from({ length: Math.min(SEED_BATCH, employees - start) }, (_, offset) => {
        const index = start + offset;
        const id = randomUUID();
        const prefecture = String((index % 47) + 1).padStart(2, '0');
        const attributes = {
          employeeNumber: `B${String(index).padStart(6, '0')}`,
          nameKanji: `山田 太郎${index}`,
          nameKana: 'ヤマダ タロウ',
          workPrefecture: prefecture,
          homePrefecture: prefecture,
          language: index % 10 === 0 ? ('en' as const) : ('ja' as const),
          roles: [],
          active: true,
        };
        return { id, attributes, sealed: vault.seal(cipher, tenantId, id, contactsOf(index)) };
      });
      await new EmployeeStore(manager).upsertMany(tenantId, batch);
    });
  }
}

interface ServerStream<Message> {
  on(event: 'data', listener: (message: Message) => void): unknown;
  on(event: 'error', listener: (error: ServiceError) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
}

type DirectoryServiceClient = {
  ResolveRecipients(request: unknown, metadata: Metadata): ServerStream<RecipientMessage>;
  ResolveRecipientPages(request: unknown, metadata: Metadata): ServerStream<RecipientPageMessage>;
  close(): void;
};

/** `pages`: ResolveRecipientPages (up to 1,000 per message); `single`: ResolveRecipients (one per message). */
type StreamMethod = 'pages' | 'single';

function directoryServiceClient(): DirectoryServiceClient {
  const definition = loadSync(GRPC_CONTRACTS.directory.file, { includeDirs: [protoDirectory], keepCase: true, defaults: true, oneofs: true, enums: String });
  const services = loadPackageDefinition(definition) as unknown as {
    anpi: { directory: { v1: { DirectoryService: new (address: string, channelCredentials: ReturnType<typeof credentials.createInsecure>) => DirectoryServiceClient } } };
  };
  return new services.anpi.directory.v1.DirectoryService(GRPC_ADDRESS, credentials.createInsecure());
}

interface StreamCheck {
  received: number;
  ordered: boolean;
  decrypted: number;
}

/** Streams everyone of the tenant, checking order and contacts as messages arrive (nothing is kept). */
function resolveEveryone(client: DirectoryServiceClient, method: StreamMethod, tenantId: string, token: string): Promise<StreamCheck> {
  const metadata = new Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  const check: StreamCheck = { received: 0, ordered: true, decrypted: 0 };
  let previous = '';
  const verify = (recipient: RecipientMessage) => {
    check.received += 1;
    check.ordered &&= recipient.employee_id > previous;
    previous = recipient.employee_id;
    const index = Number(/(\d+)$/.exec(recipient.name_kanji)?.[1]);
    const expected = contactsOf(index);
    const matches = recipient.emails.join() === [expected.companyEmail, ...expected.privateEmails].join() && recipient.mobile_phone === expected.mobilePhone;
    if (matches) check.decrypted += 1;
  };
  const request = { tenant_id: tenantId, target: { all: {} }, after_employee_id: '' };
  return new Promise((resolve, reject) => {
    const call: ServerStream<RecipientMessage> | ServerStream<RecipientPageMessage> =
      method === 'pages' ? client.ResolveRecipientPages(request, metadata) : client.ResolveRecipients(request, metadata);
    (call as ServerStream<RecipientMessage | RecipientPageMessage>).on('data', (message) => {
      if ('recipients' in message) message.recipients.forEach(verify);
      else verify(message);
    });
    call.on('error', reject);
    call.on('end', () => resolve(check));
  });
}

/** The same use case without the transport, to tell database and decryption time from gRPC time. */
async function readInProcess(dataSource: DataSource, tenantId: string): Promise<{ ms: number; received: number }> {
  const vault = new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY));
  const resolver = new ResolveRecipients(new DatabaseRecipientPages(dataSource, directoryKeysFrom(config), vault));
  const started = performance.now();
  let received = 0;
  const query = { tenantId, target: { kind: 'all' as const }, afterEmployeeId: null };
  for await (const page of resolver.pages(query, { isAbandoned: () => false, readyForMore: async () => undefined })) received += page.length;
  return { ms: performance.now() - started, received };
}

async function main(): Promise<void> {
  const employees = argument('employees', 100_000);
  const runs = argument('runs', 3);
  const method: StreamMethod = process.argv.includes('--one-per-message') ? 'single' : 'pages';
  console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}; ${employees} employees, ${runs} run(s), ${method === 'pages' ? 'ResolveRecipientPages' : 'ResolveRecipients'}`);
  await createBenchDatabase();
  const dataSource = createDataSource(config, tenantServiceDatabase);
  await dataSource.initialize();
  const issuer = await new TokenIssuer(ISSUER_PORT).start();
  let service: ServiceProcess | undefined;
  let client: DirectoryServiceClient | undefined;
  let failed = false;
  try {
    const slug = `bench-${randomUUID().slice(0, 8)}`;
    const { tenant } = await new SignUpTenant(dataSource).execute({
      slug,
      displayName: 'Bench',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner@${slug}.example`, displayName: 'Owner' },
    });
    // The service's relay would publish this bench tenant's tenant.created to the shared broker.
    await superuser(BENCH_DATABASE, (client) => client.query('DELETE FROM outbox'));
    const seedStarted = performance.now();
    await seedEmployees(dataSource, tenant.id, employees);
    console.log(`seeded ${employees} employees in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    // What autovacuum does within a minute of a bulk load; without statistics the planner sorts the tenant for every page.
    await superuser(BENCH_DATABASE, (client) => client.query('ANALYZE employees'));

    const inProcess = await readInProcess(dataSource, tenant.id);
    console.log(`in process (database + decryption, no gRPC): ${(inProcess.ms / 1000).toFixed(2)} s for ${inProcess.received} recipients`);

    service = await new ServiceProcess('tenant-service', HTTP_PORT, { ...issuer.serviceEnvironment, DB_NAME: BENCH_DATABASE, GRPC_URL: GRPC_ADDRESS }).start();
    client = directoryServiceClient();
    const token = await issuer.serviceToken('alert-dispatch-service', 'tenant-service');
    for (let run = 1; run <= runs; run += 1) {
      const started = performance.now();
      const check = await resolveEveryone(client, method, tenant.id, token);
      const ms = performance.now() - started;
      const verified = check.received === employees && check.ordered && check.decrypted === employees;
      console.log(
        `run ${run}: ${(ms / 1000).toFixed(2)} s, ${Math.round(employees / (ms / 1000))} recipients/s; received ${check.received}, ` +
          `in id order ${check.ordered}, contacts as sealed ${check.decrypted} → ${verified ? 'verified' : 'VERIFICATION FAILED'}`,
      );
      failed ||= !verified || ms > AIM_MS;
    }
  } finally {
    client?.close();
    await service?.stop();
    await issuer.stop();
    await dataSource.destroy();
    await dropBenchDatabase();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
