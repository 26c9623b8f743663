import { TOPICS, assertValidEvent, buildEnvelope, type EmployeeUpsertedV1, type TenantCreatedV1 } from '@anpi/contracts';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { parseJmaReport, type SeismicIntensityReport } from '@anpi/jma-xml';
import { runInTenantTransaction } from '@anpi/persistence';
import { ServiceProcess, ensureAnpiTopics, readLocalStackSettings, waitFor } from '@anpi/testing';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { signPushBody } from '../src/disaster-feed/push-signature';
import { freeLoopbackPort, startGroupAtLatestOffsets, waitForGroupToSettle } from './disaster-end-to-end-support';
import { DisasterTestStack, readJmaExample } from './disaster-test-stack';

const TOHOKU = '32-39_11_05_120615_VXSE53.xml';
const DRILL = '32-35_01_03_100806_VXSE53.xml';
const IWATE_MIYAGI = '32-35_06_03_100915_VXSE53.xml';
const IWATE_MIYAGI_CANCELLED = '32-35_06_06_100915_VXSE53.xml';
const ALL_PREFECTURES = Array.from({ length: 47 }, (_, index) => String(index + 1).padStart(2, '0'));
/** Long enough for a stray event to make it through Kafka, fan-out and SMTP, were one on its way. */
const QUIET_PERIOD_MS = 2_000;

/**
 * The JMA pipeline as it runs in production: the BUILT dispatch service as its own process, a
 * report POSTed to the signed push endpoint, disaster.event / alert.created / deliveries.requested
 * through the real Kafka broker (a consumer group of its own), e-mails to a real SMTP server.
 * Companies and employees reach it the way tenant-service sends them: tenant.created and
 * employee.upserted (contacts sealed) on the broker.
 */
describe('JMA reports end to end (built service, real Kafka, real SMTP)', () => {
  const pushKey = readLocalStackSettings().JMA_PUSH_HMAC_KEY;
  const consumerGroup = `disaster-e2e-${randomUUID()}`;
  const settings = readLocalStackSettings();
  const producer: Producer = new Kafka({ clientId: 'disaster-e2e', brokers: settings.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).producer();
  let stack: DisasterTestStack;
  let service: ServiceProcess;
  let national: { tenantId: string };
  let kyushu: { tenantId: string };

  async function publish(topic: string, type: string, tenantId: string, payload: unknown): Promise<void> {
    const envelope = buildEnvelope({ type, version: 1, tenantId, payload });
    assertValidEvent(envelope);
    await producer.send({
      topic,
      messages: [{ key: tenantId, value: JSON.stringify(envelope), headers: { 'event-type': type, 'event-version': '1', 'event-id': envelope.eventId } }],
    });
  }

  /** A company signs up and imports its staff, as tenant-service announces it; resolves once dispatch has recorded them. */
  async function enrol(employees: { email: string; workPrefecture: string; homePrefecture: string | null }[]): Promise<{ tenantId: string }> {
    const tenantId = randomUUID();
    const sealer = new ContactEventSealer(new FieldCipher(stack.config.DIRECTORY_EVENT_KEYS, stack.config.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    const tenant: TenantCreatedV1 = {
      tenantId,
      slug: `e2e-${tenantId.slice(0, 8)}`,
      displayName: 'テスト株式会社',
      defaultLanguage: 'ja',
      timeZone: 'Asia/Tokyo',
      allowPlainHttpAnswerLinks: false,
      owner: { email: `owner@${tenantId.slice(0, 8)}.example`, displayName: '管理者' },
    };
    await publish(TOPICS.tenantCreated.name, 'tenant.created', tenantId, tenant);
    for (const [index, employee] of employees.entries()) {
      const employeeId = randomUUID();
      const upserted: EmployeeUpsertedV1 = {
        employeeId,
        employeeNumber: `E${index + 1}`,
        departmentIds: [],
        groupIds: [],
        workPrefecture: employee.workPrefecture,
        homePrefecture: employee.homePrefecture,
        language: 'ja',
        active: true,
        sealedContacts: sealer.seal(tenantId, employeeId, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: employee.email, privateEmails: [], mobilePhone: null }),
      };
      await publish(TOPICS.employeeUpserted.name, 'employee.upserted', tenantId, upserted);
    }
    await waitFor(
      async () => {
        const [{ recipients, rules }] = await runInTenantTransaction(stack.dataSource, tenantId, (manager) =>
          manager.query('SELECT (SELECT count(*) FROM directory_recipients)::int AS recipients, (SELECT count(*) FROM disaster_rules)::int AS rules'),
        );
        return recipients === employees.length && rules === 1;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'dispatch to record the company and its employees' },
    );
    return { tenantId };
  }

  async function startService(overrides: Record<string, string>): Promise<ServiceProcess> {
    const started = await new ServiceProcess('alert-dispatch-service', await freeLoopbackPort(), {
      DB_NAME: stack.config.DB_NAME,
      DB_POOL_SIZE: '6',
      GRPC_URL: `127.0.0.1:${await freeLoopbackPort()}`,
      KAFKA_CONSUMER_GROUP: consumerGroup,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(stack.mail.listeningPort),
      JMA_FEED_POLL_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      ...overrides,
    }).start();
    await waitForGroupToSettle(consumerGroup);
    return started;
  }

  async function push(xml: Buffer, signature = signPushBody(pushKey, xml)): Promise<{ status: number; body: { outcome?: string; reportId?: string } }> {
    const response = await fetch(`${service.baseUrl}/v1/disaster-feed/reports`, { method: 'POST', headers: { 'content-type': 'application/xml', 'x-anpi-signature': signature }, body: xml });
    return { status: response.status, body: (await response.json()) as { outcome?: string; reportId?: string } };
  }

  /** The service has read the report's disaster.event back from Kafka and run every tenant's rules on it. */
  async function evaluated(reportId: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(
      async () => {
        const [report]: { evaluated_at: Date | null }[] = await stack.dataSource.query('SELECT evaluated_at FROM disaster_reports WHERE id = $1', [reportId]);
        return report?.evaluated_at != null;
      },
      { timeoutMs, intervalMs: 100, what: `report ${reportId} evaluated` },
    );
  }

  const quiet = () => new Promise((resolveQuiet) => setTimeout(resolveQuiet, QUIET_PERIOD_MS));
  const mailedAddresses = () => stack.mail.mails.flatMap((mail) => mail.recipients).sort();

  beforeAll(async () => {
    stack = await DisasterTestStack.start('anpi_disaster_e2e');
    await ensureAnpiTopics([consumerGroup]);
    await startGroupAtLatestOffsets(consumerGroup);
    await producer.connect();
    // JMA's samples date from 2008–2011: replaying them needs the report age limit off.
    service = await startService({ JMA_REPORT_MAX_AGE_MINUTES: '0' });
    // One company with an employee working in every prefecture, and one living in Miyagi but working in Osaka.
    national = await enrol([
      ...ALL_PREFECTURES.map((code) => ({ email: `work-${code}@national.example`, workPrefecture: code, homePrefecture: null })),
      { email: 'home-miyagi@national.example', workPrefecture: '27', homePrefecture: '04' },
    ]);
    kyushu = await enrol([{ email: 'staff@kyushu.example', workPrefecture: '40', homePrefecture: '40' }]);
  }, 120_000);

  afterAll(async () => {
    await producer.disconnect();
    await service?.stop();
    await stack?.stop();
  });

  it('refuses a push with a wrong signature (401) and stores nothing', async () => {
    const refused = await push(readJmaExample(TOHOKU), signPushBody('not-the-key', readJmaExample(TOHOKU)));
    expect(refused.status).toBe(401);
    expect(await stack.dataSource.query('SELECT id FROM disaster_reports')).toEqual([]);
  });

  it('mails, for the 2011-03-11 VXSE53 sample, exactly the employees in prefectures at 5- or more (work or home), and nobody else', async () => {
    const report = parseJmaReport(readJmaExample(TOHOKU)) as SeismicIntensityReport;
    if (report.observation.kind !== 'observed') throw new Error('the Tohoku sample has intensities');
    const strong = report.observation.prefectures
      .filter((prefecture) => prefecture.maxIntensity !== null && ['5-', '5+', '6-', '6+', '7'].includes(prefecture.maxIntensity))
      .map((prefecture) => prefecture.code);
    expect(strong).toContain('04');
    const expected = [...strong.map((code) => `work-${code}@national.example`), 'home-miyagi@national.example'].sort();

    const pushed = await push(readJmaExample(TOHOKU));
    expect(pushed).toMatchObject({ status: 202, body: { outcome: 'published' } });
    await evaluated(pushed.body.reportId!);
    await waitFor(async () => stack.mail.mails.length >= expected.length, { timeoutMs: 30_000, intervalMs: 100, what: 'the disaster mails' });
    await quiet();

    expect(mailedAddresses()).toEqual(expected);
    expect(stack.mail.mailsTo('work-04@national.example')[0].text).toContain('震度7');
    expect(await stack.alertsOf(kyushu.tenantId)).toEqual([]);
    expect(await stack.alertsOf(national.tenantId)).toEqual([expect.objectContaining({ drill: false, source: 'disaster-rule', state: expect.any(String) })]);
  });

  it('sends nothing new when the same report is posted again', async () => {
    const before = mailedAddresses();
    const again = await push(readJmaExample(TOHOKU));
    expect(again).toMatchObject({ status: 202, body: { outcome: 'duplicate' } });
    await quiet();
    expect(mailedAddresses()).toEqual(before);
    expect(await stack.alertsOf(national.tenantId)).toHaveLength(1);
  });

  it('sends nothing for a 訓練 (drill) sample', async () => {
    const before = mailedAddresses();
    const drill = await push(readJmaExample(DRILL));
    expect(drill.status).toBe(202);
    if (drill.body.reportId) await evaluated(drill.body.reportId);
    await quiet();
    expect(mailedAddresses()).toEqual(before);
    expect(await stack.alertsOf(national.tenantId)).toHaveLength(1);
    expect(await stack.alertsOf(kyushu.tenantId)).toEqual([]);
  });

  it('cancels (取消) the alert of a report that is withdrawn before its mails go out', async () => {
    // Only this company's rules count from here on.
    await runInTenantTransaction(stack.dataSource, national.tenantId, (manager) => manager.query('UPDATE disaster_rules SET enabled = false'));
    const miyagi = await enrol([{ email: 'miyagi@cancel.example', workPrefecture: '04', homePrefecture: '04' }]);

    // Back to back, as JMA publishes a quick withdrawal: the cancellation's one Kafka hop overtakes fan-out and sending.
    const first = await push(readJmaExample(IWATE_MIYAGI));
    const cancellation = await push(readJmaExample(IWATE_MIYAGI_CANCELLED));
    expect([first.body.outcome, cancellation.body.outcome]).toEqual(['published', 'published']);
    await evaluated(cancellation.body.reportId!);
    await quiet();

    expect(await stack.alertsOf(miyagi.tenantId)).toEqual([expect.objectContaining({ state: 'closed', source: 'disaster-rule' })]);
    expect(stack.mail.mailsTo('miyagi@cancel.example')).toEqual([]);
  });

  it('alerts nobody for an old report when the service runs with the default report age limit', async () => {
    await service.stop();
    service = await startService({});
    await runInTenantTransaction(stack.dataSource, national.tenantId, (manager) => manager.query('UPDATE disaster_rules SET enabled = true'));
    const before = mailedAddresses();
    // The 2011 sample as a new event (another EventID): with the age limit off it would alert the national company again.
    const oldReport = Buffer.from(readJmaExample(TOHOKU).toString('utf8').replace('<EventID>20110311144640</EventID>', '<EventID>20110311999999</EventID>'));

    const pushed = await push(oldReport);
    expect(pushed).toMatchObject({ status: 202, body: { outcome: 'published' } });
    await evaluated(pushed.body.reportId!);
    await quiet();

    expect(mailedAddresses()).toEqual(before);
    expect(await stack.alertsOf(national.tenantId)).toHaveLength(1);
  }, 90_000);
});
