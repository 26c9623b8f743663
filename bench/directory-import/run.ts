/**
 * Directory import benchmark: a CSV of N employees (default 50,000, every contact field
 * filled, so encryption is fully exercised) imported by the real DirectoryImports use case of
 * tenant-service: a dry run, then an apply. See bench/directory-import/README.md.
 *
 *   node -r @swc-node/register bench/directory-import/run.ts [--employees 50000] [--runs 1]
 *
 * Exit code: 0 ok (both phases under the 30 s aim); 1 a run failed verification or missed the
 * aim; 3 any other error. Needs the local stack (PostgreSQL).
 *
 * Everything it creates is its own and is removed at the end: the database
 * anpi_bench_directory_import (same owner and application roles as anpi_tenant, same
 * migrations, RLS on). No Kafka: the outbox relay is not running, so the 50,000
 * `employee.upserted` events stay in the bench database's outbox, where they are counted.
 */
import 'reflect-metadata';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher, TenantBlindIndex } from '@anpi/field-encryption';
import { createDataSource, runMigrations } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Caller } from '../../apps/tenant-service/src/access/caller';
import { tenantServiceConfigSchema } from '../../apps/tenant-service/src/config';
import { directoryKeysFrom } from '../../apps/tenant-service/src/contact-encryption/contact-encryption.module';
import { ContactVault } from '../../apps/tenant-service/src/contact-encryption/contact-vault';
import { tenantServiceDatabase } from '../../apps/tenant-service/src/database';
import { ManageDepartments } from '../../apps/tenant-service/src/departments/manage-departments';
import { DirectoryImports } from '../../apps/tenant-service/src/directory-csv/directory-imports';
import { ImportJobStore, ImportJobView } from '../../apps/tenant-service/src/directory-csv/import-job-store';
import { EmployeeSnapshots } from '../../apps/tenant-service/src/employees/employee-snapshots';
import { SignUpTenant } from '../../apps/tenant-service/src/tenants/sign-up-tenant';
import { runInTenantTransaction } from '@anpi/persistence';

// Fixed on purpose: the benchmark can only ever drop what it created.
const BENCH_DATABASE = 'anpi_bench_directory_import';
const AIM_MS = 30_000;
const DEPARTMENTS = 20;

const environment = localServiceEnvironment('tenant-service', {
  DB_NAME: BENCH_DATABASE,
  AUTH_JWKS_URL: 'http://127.0.0.1:3259/.well-known/jwks.json',
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

/** Japanese headers, as an HR system would write them; every contact column filled. */
function employeeCsv(employees: number, departmentCodes: string[]): Buffer {
  const lines = ['社員番号,氏名,氏名カナ,会社メール,個人メール,携帯電話,勤務地都道府県,自宅都道府県,言語,役割,所属コード,有効'];
  for (let index = 0; index < employees; index += 1) {
    const number = String(index).padStart(6, '0');
    const prefecture = String((index % 47) + 1).padStart(2, '0');
    lines.push(
      [
        `B${number}`,
        `山田 太郎${number}`,
        'ヤマダ タロウ',
        `taro.${number}@corp.example`,
        `taro.${number}@home.example;t.${number}@mobile.example`,
        `+8190${String(10_000_000 + index).slice(-8)}`,
        prefecture,
        prefecture,
        index % 10 === 0 ? 'en' : 'ja',
        index % 50 === 0 ? 'crisis_team' : '',
        departmentCodes[index % departmentCodes.length],
        'true',
      ].join(','),
    );
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

async function timedJob(imports: DirectoryImports, caller: Caller, file: Buffer, mode: 'dry_run' | 'apply', dataSource: DataSource): Promise<{ ms: number; job: ImportJobView }> {
  const started = performance.now();
  const { id } = await imports.start(caller, file, { kind: 'employees', mode, encoding: 'auto', mapping: {} });
  await imports.settled();
  const ms = performance.now() - started;
  const job = (await runInTenantTransaction(dataSource, caller.principal.tenantId, (manager) => new ImportJobStore(manager).find(id)))!;
  return { ms, job };
}

async function main(): Promise<void> {
  const employees = argument('employees', 50_000);
  const runs = argument('runs', 1);
  console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}; ${employees} employees, ${runs} run(s)`);
  let failed = false;
  for (let run = 1; run <= runs; run += 1) {
    await createBenchDatabase();
    const dataSource = createDataSource(config, tenantServiceDatabase);
    await dataSource.initialize();
    try {
      const slug = `bench-${randomUUID().slice(0, 8)}`;
      const tenantId = (
        await new SignUpTenant(dataSource).execute({
          slug,
          displayName: 'Bench',
          defaultLanguage: 'ja',
          timeZone: 'Asia/Tokyo',
          allowPlainHttpAnswerLinks: false,
          owner: { email: `owner@${slug}.example`, displayName: 'Owner' },
        })
      ).tenant.id;
      const caller: Caller = { principal: { tenantId, userId: randomUUID(), role: 'admin', departmentIds: [] }, ip: '127.0.0.1' };
      const departments = new ManageDepartments(dataSource);
      const codes = Array.from({ length: DEPARTMENTS }, (_, index) => `D${index}`);
      for (const code of codes) await departments.create(caller, { name: `部署 ${code}`, code, parentId: null });

      const vault = new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY));
      const sealer = new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
      const imports = new DirectoryImports(dataSource, directoryKeysFrom(config), vault, new EmployeeSnapshots(vault, sealer));
      const file = employeeCsv(employees, codes);

      const dryRun = await timedJob(imports, caller, file, 'dry_run', dataSource);
      const apply = await timedJob(imports, caller, file, 'apply', dataSource);
      const [counts] = await runInTenantTransaction(dataSource, tenantId, (manager) =>
        manager.query(
          `SELECT (SELECT count(*) FROM employees)::int AS employees, (SELECT count(*) FROM employee_departments)::int AS memberships,
                  (SELECT count(*) FROM employees WHERE company_email_ciphertext IS NOT NULL AND mobile_phone_ciphertext IS NOT NULL)::int AS encrypted`,
        ),
      );
      const [outbox] = await superuser(BENCH_DATABASE, async (client) =>
        (await client.query(`SELECT count(*)::int AS events FROM outbox WHERE envelope->>'type' = 'employee.upserted'`)).rows,
      );
      const total = dryRun.ms + apply.ms;
      const verified =
        dryRun.job.status === 'validated' &&
        apply.job.status === 'applied' &&
        counts.employees === employees &&
        counts.memberships === employees &&
        counts.encrypted === employees &&
        outbox.events === employees;
      console.log(
        `run ${run}: dry run ${(dryRun.ms / 1000).toFixed(2)} s (${dryRun.job.status}), apply ${(apply.ms / 1000).toFixed(2)} s (${apply.job.status}), ` +
          `total ${(total / 1000).toFixed(2)} s, ${Math.round(employees / (total / 1000))} rows/s; file ${(file.length / 1024 / 1024).toFixed(1)} MiB; ` +
          `employees ${counts.employees}, memberships ${counts.memberships}, encrypted ${counts.encrypted}, events ${outbox.events} → ${verified ? 'verified' : 'VERIFICATION FAILED'}`,
      );
      failed ||= !verified || total > AIM_MS;
    } finally {
      await dataSource.destroy();
      await dropBenchDatabase();
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(3);
});
