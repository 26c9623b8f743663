import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher, TenantBlindIndex } from '@anpi/field-encryption';
import { createDataSource } from '@anpi/persistence';
import { ServiceProcess, TestTokenRole, TokenIssuer, ensureAnpiTopics, localServiceEnvironment, waitFor } from '@anpi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Caller } from '../src/access/caller';
import { tenantServiceConfigSchema } from '../src/config';
import { directoryKeysFrom } from '../src/contact-encryption/contact-encryption.module';
import { ContactVault } from '../src/contact-encryption/contact-vault';
import { tenantServiceDatabase } from '../src/database';
import { createEmployeeSchema } from '../src/employees/employee-schemas';
import { EmployeeSnapshots } from '../src/employees/employee-snapshots';
import { ManageEmployees } from '../src/employees/manage-employees';
import { EmployeePurger } from '../src/offboarding/employee-purger';
import { PurgePolicy } from '../src/offboarding/purge-policy';
import { SignUpTenant } from '../src/tenants/sign-up-tenant';

const dayMs = 86_400_000;
/**
 * The test's employees are disabled "20 days ago" (disabled_at moved back by hand): purgers
 * running on the real clock elsewhere (30 days) never find them due, and the test's own passes,
 * on a clock moved to day 29 and day 31 after that, reach no one disabled in real time.
 */
const backdatedDays = 20;

/**
 * Off-boarding on the real database (application role, RLS) and the real Kafka: disabling
 * starts the purge clock, the scheduled purge erases the person and leaves a tombstone,
 * announces `employee.removed` (reason purged) through the outbox, and is audited.
 */
describe('off-boarding: disable, then purge after the retention period', () => {
  const issuer = new TokenIssuer(3272);
  const environment = localServiceEnvironment('tenant-service', {
    AUTH_JWKS_URL: 'http://127.0.0.1:3272/.well-known/jwks.json',
    AUTH_TOKEN_ISSUER: 'https://auth.anpi.test',
  });
  const config = loadConfig(tenantServiceConfigSchema, environment);
  const vault = new ContactVault(new TenantBlindIndex(config.DIRECTORY_BLIND_INDEX_KEY));
  const snapshots = new EmployeeSnapshots(vault, new ContactEventSealer(new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID)));
  const kafka = new Kafka({ clientId: 'offboarding-test', brokers: environment.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const reader = kafka.consumer({ groupId: `offboarding-test-${randomUUID()}` });
  const removed: { tenantId: string; payload: { employeeId: string; reason: string } }[] = [];
  const stamp = randomUUID().slice(0, 8);
  let service: ServiceProcess;
  let dataSource: DataSource;
  let superuser: Client;
  let employees: ManageEmployees;
  let tenantA: string;
  let tenantB: string;

  const caller = (tenantId: string): Caller => ({ principal: { tenantId, userId: `admin-${stamp}`, role: 'admin', departmentIds: [] }, ip: '198.51.100.7' });

  async function signUp(label: string): Promise<string> {
    const slug = `${label}-${stamp}`;
    const signedUp = await new SignUpTenant(dataSource).execute({
      slug,
      displayName: `${label} 株式会社`,
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner@${slug}.example`, displayName: 'Owner' },
    });
    return signedUp.tenant.id;
  }

  let counter = 0;
  function person() {
    counter += 1;
    const unique = `${stamp}${counter}`;
    return {
      employeeNumber: `OFF-${unique}`,
      nameKanji: `退職 ${unique}`,
      nameKana: `タイショク ${[...String(counter)].map((digit) => 'アイウエオカキクケコ'[Number(digit)]).join('')}`,
      companyEmail: `leaver.${unique}@corp.example`,
      privateEmails: [`leaver.${unique}@home.example`],
      mobilePhone: `+8190${String(20_000_000 + counter)}`,
      lineUserId: `U${randomUUID().replace(/-/g, '')}`,
      workPrefecture: '13',
      homePrefecture: '14',
      roles: ['crisis-team'],
    };
  }

  async function hire(tenantId: string, details = person()): Promise<{ id: string; details: ReturnType<typeof person> }> {
    const created = await employees.create(caller(tenantId), createEmployeeSchema.parse(details));
    return { id: created.id, details };
  }

  /** Disables through the same use case as the console's PATCH, then moves the disable time back. */
  async function disableBackdated(tenantId: string, employeeId: string): Promise<Date> {
    await employees.update(caller(tenantId), employeeId, { active: false });
    const { rows } = await superuser.query(
      `UPDATE employees SET disabled_at = disabled_at - make_interval(days => $2) WHERE id = $1 RETURNING disabled_at`,
      [employeeId, backdatedDays],
    );
    return rows[0].disabled_at;
  }

  async function offboardingStatus(tenantId: string, role: TestTokenRole, employeeId: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${service.baseUrl}/v1/directory/employees/${employeeId}/offboarding`, {
      headers: { authorization: `Bearer ${await issuer.token(tenantId, role)}` },
    });
    return { status: response.status, body: await response.json() };
  }

  const purgerAt = (moment: Date) =>
    new EmployeePurger(dataSource, snapshots, new PurgePolicy(30), pino({ level: 'silent' }), 60_000, () => moment);
  const daysAfter = (start: Date, days: number) => new Date(start.getTime() + days * dayMs);
  const rowOf = async (employeeId: string) => (await superuser.query('SELECT * FROM employees WHERE id = $1', [employeeId])).rows[0];
  const auditOf = async (tenantId: string, employeeId: string) =>
    (
      await superuser.query(
        'SELECT actor_kind, actor_id, host(ip) AS ip, action, details FROM audit_log WHERE tenant_id = $1 AND target_id = $2 ORDER BY id',
        [tenantId, employeeId],
      )
    ).rows;

  beforeAll(async () => {
    await ensureAnpiTopics();
    await issuer.start();
    // The real service relays the outbox to Kafka (and runs its own purger on the real clock).
    service = await new ServiceProcess('tenant-service', 3271, issuer.serviceEnvironment).start();
    dataSource = createDataSource(config, tenantServiceDatabase);
    await dataSource.initialize();
    superuser = new Client({ host: environment.PGHOST, port: Number(environment.PGPORT), user: 'postgres', database: environment.DB_NAME });
    await superuser.connect();
    employees = new ManageEmployees(dataSource, directoryKeysFrom(config), vault, snapshots);
    tenantA = await signUp('offboard-a');
    tenantB = await signUp('offboard-b');

    const joined = new Promise((resolve) => reader.on(reader.events.GROUP_JOIN, resolve));
    await reader.connect();
    await reader.subscribe({ topic: 'employee.removed', fromBeginning: false });
    await reader.run({
      eachMessage: async ({ message }) => {
        removed.push(JSON.parse(message.value!.toString()));
      },
    });
    await joined;
  });

  afterAll(async () => {
    await reader.disconnect();
    await service?.stop();
    await issuer.stop();
    await dataSource?.destroy();
    await superuser?.end();
  });

  it('starts the purge clock on disable, erases the person at day 31 (not day 29), announces and audits it once', async () => {
    const leaver = await hire(tenantA);
    const stayer = await hire(tenantA);
    const otherTenantActive = await hire(tenantB);
    const otherTenantDisabled = await hire(tenantB);
    await employees.update(caller(tenantB), otherTenantDisabled.id, { active: false });
    const otherTenantBefore = [await rowOf(otherTenantActive.id), await rowOf(otherTenantDisabled.id)];

    const disabledAt = await disableBackdated(tenantA, leaver.id);
    const { rows: scheduled } = await superuser.query('SELECT tenant_id, disabled_at FROM employee_purge_schedule WHERE employee_id = $1', [leaver.id]);
    expect(scheduled).toEqual([{ tenant_id: tenantA, disabled_at: disabledAt }]);
    expect(await offboardingStatus(tenantA, 'admin', leaver.id)).toEqual({
      status: 200,
      body: { state: 'awaiting_purge', disabledAt: disabledAt.toISOString(), purgeAfter: daysAfter(disabledAt, 30).toISOString(), purgedAt: null },
    });
    expect((await offboardingStatus(tenantB, 'admin', leaver.id)).status).toBe(404);
    expect((await offboardingStatus(tenantA, 'member', leaver.id)).status).toBe(403);

    await purgerAt(daysAfter(disabledAt, 29)).runDue();
    expect(await rowOf(leaver.id)).toMatchObject({ purged_at: null, name_kanji: leaver.details.nameKanji, employee_number: leaver.details.employeeNumber });

    const dayThirtyOne = daysAfter(disabledAt, 31);
    expect(await purgerAt(dayThirtyOne).runDue()).toBeGreaterThanOrEqual(1);

    const tombstone = await rowOf(leaver.id);
    expect(tombstone).toMatchObject({
      id: leaver.id,
      tenant_id: tenantA,
      status: 'disabled',
      purged_at: dayThirtyOne,
      home_prefecture: null,
      roles: [],
      company_email_ciphertext: null,
      company_email_lookup: null,
      private_emails_ciphertext: null,
      private_email_lookups: [],
      mobile_phone_ciphertext: null,
      mobile_phone_lookup: null,
      line_user_id_ciphertext: null,
    });
    const stored = JSON.stringify(tombstone);
    for (const personal of [leaver.details.employeeNumber, leaver.details.nameKanji, leaver.details.nameKana, leaver.details.companyEmail, leaver.details.privateEmails[0], leaver.details.mobilePhone, leaver.details.lineUserId, 'v1.']) {
      expect(stored).not.toContain(personal);
    }
    const { rows: memberships } = await superuser.query('SELECT count(*)::int AS n FROM employee_departments WHERE employee_id = $1', [leaver.id]);
    expect(memberships[0].n).toBe(0);
    const { rows: stillScheduled } = await superuser.query('SELECT count(*)::int AS n FROM employee_purge_schedule WHERE employee_id = $1', [leaver.id]);
    expect(stillScheduled[0].n).toBe(0);

    // Idempotent: another pass (another pod, a retry) neither purges nor announces again.
    await purgerAt(daysAfter(disabledAt, 32)).runDue();
    expect(await rowOf(leaver.id)).toEqual(tombstone);

    expect((await offboardingStatus(tenantA, 'admin', leaver.id)).body).toMatchObject({ state: 'purged', purgedAt: dayThirtyOne.toISOString() });

    expect(await auditOf(tenantA, leaver.id)).toEqual([
      expect.objectContaining({ actor_kind: 'user', actor_id: `admin-${stamp}`, ip: '198.51.100.7', action: 'employee.created' }),
      expect.objectContaining({ actor_kind: 'user', actor_id: `admin-${stamp}`, ip: '198.51.100.7', action: 'employee.disabled' }),
      { actor_kind: 'system', actor_id: 'employee-purge', ip: null, action: 'employee.purged', details: { disabledAt: disabledAt.toISOString(), purgeAfterDays: 30 } },
    ]);

    const announced = await waitFor(() => removed.filter((event) => event.payload.employeeId === leaver.id).length > 0 && removed.filter((event) => event.payload.employeeId === leaver.id), {
      what: 'employee.removed for the purged employee',
    });
    expect(announced).toEqual([expect.objectContaining({ tenantId: tenantA, payload: { employeeId: leaver.id, reason: 'purged' } })]);

    expect((await rowOf(stayer.id)).name_kanji).toBe(stayer.details.nameKanji);
    expect([await rowOf(otherTenantActive.id), await rowOf(otherTenantDisabled.id)]).toEqual(otherTenantBefore);
    expect((await auditOf(tenantB, otherTenantDisabled.id)).map((entry) => entry.action)).toEqual(['employee.created', 'employee.disabled']);
  });

  it('keeps an employee re-enabled before the purge, and stops the clock', async () => {
    const returner = await hire(tenantA);
    const disabledAt = await disableBackdated(tenantA, returner.id);
    const reenabled = await employees.update(caller(tenantA), returner.id, { active: true });
    expect(reenabled).toMatchObject({ active: true, nameKanji: returner.details.nameKanji, companyEmail: returner.details.companyEmail });
    const { rows: scheduled } = await superuser.query('SELECT count(*)::int AS n FROM employee_purge_schedule WHERE employee_id = $1', [returner.id]);
    expect(scheduled[0].n).toBe(0);

    await purgerAt(daysAfter(disabledAt, 31)).runDue();

    expect(await rowOf(returner.id)).toMatchObject({ status: 'active', disabled_at: null, purged_at: null, name_kanji: returner.details.nameKanji });
    expect((await auditOf(tenantA, returner.id)).map((entry) => entry.action)).toEqual(['employee.created', 'employee.disabled', 'employee.enabled']);
  });

  it('refuses to bring a purged employee back', async () => {
    const leaver = await hire(tenantA);
    const disabledAt = await disableBackdated(tenantA, leaver.id);
    await purgerAt(daysAfter(disabledAt, 31)).runDue();
    await expect(employees.update(caller(tenantA), leaver.id, { active: true })).rejects.toMatchObject({ status: 409 });
    await expect(employees.update(caller(tenantA), leaver.id, { nameKanji: '復活 太郎' })).rejects.toMatchObject({ status: 409 });
    expect(await rowOf(leaver.id)).toMatchObject({ status: 'disabled', name_kanji: '(purged)' });
  });
});
