import { parseJmaReport, type SeismicIntensityReport } from '@anpi/jma-xml';
import { runInTenantTransaction } from '@anpi/persistence';
import { defaultQuestionSet } from '../src/alerts/question-set';
import { TenantQuestionSetStore } from '../src/question-sets/tenant-question-set.store';
import { DisasterTestStack, readJmaExample } from './disaster-test-stack';

const TOHOKU = '32-39_11_05_120615_VXSE53.xml';
const DRILL = '32-35_01_03_100806_VXSE53.xml';
const IWATE_MIYAGI = ['32-35_06_03_100915_VXSE53.xml', '32-35_06_04_100915_VXSE53.xml', '32-35_06_05_100915_VXSE53.xml'];
const IWATE_MIYAGI_CANCELLED = '32-35_06_06_100915_VXSE53.xml';

/** Prefectures where the 2011-03-11 sample reports 5- or more, read from the sample itself. */
function tohokuPrefecturesAtFiveMinusOrMore(): Set<string> {
  const report = parseJmaReport(readJmaExample(TOHOKU)) as SeismicIntensityReport;
  if (report.observation.kind !== 'observed') throw new Error('the Tohoku sample has intensities');
  const strong = ['5-', '5+', '6-', '6+', '7'];
  return new Set(report.observation.prefectures.filter((prefecture) => prefecture.maxIntensity !== null && strong.includes(prefecture.maxIntensity)).map((prefecture) => prefecture.code));
}

/**
 * JMA's official samples through the whole disaster path to real e-mails: who is alerted, who
 * is not, drills, serials of one event, cancellations. Each test gets its own database.
 */
describe('automatic alerts from JMA reports (real PostgreSQL, real SMTP)', () => {
  let stack: DisasterTestStack;

  beforeEach(async () => {
    stack = await DisasterTestStack.start('anpi_disaster_alerts');
  });

  afterEach(async () => {
    await stack?.stop();
  });

  it('alerts, for the 2011-03-11 VXSE53 sample, exactly the employees in prefectures at 5- or more (work or home), and nobody else', async () => {
    const strong = tohokuPrefecturesAtFiveMinusOrMore();
    expect(strong.has('04')).toBe(true);
    expect(strong.has('01')).toBe(false); // Hokkaido: 4 at most in this sample
    const all = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '32', '33', '34', '35', '36', '37', '38', '39', '40', '41', '42', '43', '44', '45', '46', '47'];
    // One company with an employee working in every prefecture, and one living in Miyagi but working in Osaka.
    const national = await stack.addTenant([
      ...all.map((code) => ({ email: `work-${code}@national.example`, workPrefecture: code, homePrefecture: null })),
      { email: 'home-miyagi@national.example', workPrefecture: '27', homePrefecture: '04' },
    ]);
    const kyushu = await stack.addTenant([{ email: 'staff@kyushu.example', workPrefecture: '40', homePrefecture: '40' }]);

    const received = await stack.intake.receive(readJmaExample(TOHOKU), 'push');
    expect(received.outcome).toBe('published');
    await stack.runConsumers();

    const expected = [...[...strong].map((code) => `work-${code}@national.example`), 'home-miyagi@national.example'].sort();
    const mailed = stack.mail.mails.flatMap((mail) => mail.recipients).sort();
    expect(mailed).toEqual(expected);
    expect(stack.mail.mailsTo('work-04@national.example')[0].text).toContain('震度7');
    expect(await stack.alertsOf(kyushu.tenantId)).toEqual([]);
    const [alert] = await stack.alertsOf(national.tenantId);
    expect(alert).toMatchObject({ drill: false, source: 'disaster-rule' });

    // The visibility data: the report and the rule it triggered for this tenant.
    const firings = await runInTenantTransaction(stack.dataSource, national.tenantId, (manager) => manager.query('SELECT rule_id, alert_id, jma_event_id FROM disaster_rule_firings'));
    expect(firings).toEqual([expect.objectContaining({ alert_id: alert.id, jma_event_id: '20110311144640' })]);
  });

  it('alerts nobody for a 訓練 (drill) sample, unless the tenant opted in to drills, then as a drill', async () => {
    const report = parseJmaReport(readJmaExample(DRILL)) as SeismicIntensityReport;
    expect(report.control.status).toBe('drill');
    const prefectures = report.observation.kind === 'observed' ? report.observation.prefectures.map((prefecture) => prefecture.code) : [];
    const everyone = prefectures.map((code) => ({ email: `p${code}@drill.example`, workPrefecture: code, homePrefecture: code }));
    const plain = await stack.addTenant(everyone);
    const optedIn = await stack.addTenant(everyone.map((employee) => ({ ...employee, email: `opt-${employee.email}` })));
    await runInTenantTransaction(stack.dataSource, optedIn.tenantId, (manager) => manager.query('UPDATE disaster_rules SET include_drills = true, min_intensity = $1', ['1']));

    await stack.intake.receive(readJmaExample(DRILL), 'poll');
    await stack.runConsumers();

    expect(await stack.alertsOf(plain.tenantId)).toEqual([]);
    expect(stack.mail.mails.filter((mail) => mail.recipients.some((address) => !address.startsWith('opt-')))).toEqual([]);
    const drills = await stack.alertsOf(optedIn.tenantId);
    expect(drills).toEqual([expect.objectContaining({ drill: true })]);
    expect(stack.mail.mails.length).toBeGreaterThan(0);
  });

  it('treats later serials of one EventID as the same event: one alert, however many reports', async () => {
    const tenant = await stack.addTenant([{ email: 'iwate@company.example', workPrefecture: '03', homePrefecture: '03' }]);
    for (const name of IWATE_MIYAGI) {
      await stack.intake.receive(readJmaExample(name), 'poll');
      await stack.runConsumers();
    }
    // The same report again, by the other source: stored once.
    expect(await stack.intake.receive(readJmaExample(IWATE_MIYAGI[0]), 'push')).toMatchObject({ outcome: 'duplicate' });
    expect(await stack.alertsOf(tenant.tenantId)).toHaveLength(1);
    expect(stack.mail.mailsTo('iwate@company.example')).toHaveLength(1);
  });

  it('re-alerts when the intensity rises, if the rule says so, once per level', async () => {
    const tenant = await stack.addTenant([{ email: 'iwate@company.example', workPrefecture: '03', homePrefecture: null }]);
    await runInTenantTransaction(stack.dataSource, tenant.tenantId, (manager) =>
      manager.query(`UPDATE disaster_rules SET realert_on_rise = true, realert_suppression_minutes = 0, min_intensity = '4'`),
    );
    const lowered = readJmaExample(IWATE_MIYAGI[0]).toString('utf8').replace(/<MaxInt>[567][+-]?<\/MaxInt>/g, '<MaxInt>4</MaxInt>');
    await stack.intake.receive(Buffer.from(lowered), 'poll');
    await stack.runConsumers();
    await stack.intake.receive(readJmaExample(IWATE_MIYAGI[1]), 'poll');
    await stack.runConsumers();
    await stack.intake.receive(readJmaExample(IWATE_MIYAGI[2]), 'poll');
    await stack.runConsumers();
    const alerts = await stack.alertsOf(tenant.tenantId);
    expect(alerts.map((alert) => alert.title)).toEqual(['地震発生 安否確認（震度4）', '【続報】地震発生 安否確認（震度6強）']);
  });

  it('cancels (取消) an alert not yet sent and tells the crisis team; nobody is mailed', async () => {
    const tenant = await stack.addTenant([{ email: 'miyagi@company.example', workPrefecture: '04', homePrefecture: '04' }]);
    await stack.intake.receive(readJmaExample(IWATE_MIYAGI[0]), 'push');
    await stack.runConsumers({ send: false });
    const [alert] = await stack.alertsOf(tenant.tenantId);
    expect(alert).toBeDefined();

    await stack.intake.receive(readJmaExample(IWATE_MIYAGI_CANCELLED), 'push');
    await stack.runConsumers({ send: false });
    await stack.sendQueued();

    expect(stack.mail.mails).toEqual([]);
    expect(await stack.alertsOf(tenant.tenantId)).toEqual([expect.objectContaining({ id: alert.id, state: 'closed' })]);
    const notices = await stack.outboxEvents('disaster.cancellation-notice');
    expect(notices).toEqual([expect.objectContaining({ tenantId: tenant.tenantId, payload: { jmaEventId: '20080614084350', closedAlertIds: [alert.id], alreadySentAlertIds: [] } })]);
    expect((await stack.outboxEvents('alert.closed')).map((closure) => closure.payload)).toEqual([
      { alertId: alert.id, closedAt: expect.any(String), reason: 'disaster-report-withdrawn', closedBy: null },
    ]);
  });

  it('lists an already sent alert in the cancellation notice instead of closing it', async () => {
    const tenant = await stack.addTenant([{ email: 'miyagi@company.example', workPrefecture: '04', homePrefecture: '04' }]);
    await stack.intake.receive(readJmaExample(IWATE_MIYAGI[0]), 'push');
    await stack.runConsumers();
    expect(stack.mail.mailsTo('miyagi@company.example')).toHaveLength(1);
    const [alert] = await stack.alertsOf(tenant.tenantId);

    await stack.intake.receive(readJmaExample(IWATE_MIYAGI_CANCELLED), 'push');
    await stack.runConsumers();
    const notices = await stack.outboxEvents('disaster.cancellation-notice');
    expect(notices.map((notice) => notice.payload)).toEqual([{ jmaEventId: '20080614084350', closedAlertIds: [], alreadySentAlertIds: [alert.id] }]);
    expect(await stack.outboxEvents('alert.closed')).toEqual([]);
  });

  it('fires each rule at most once per event even when replicas evaluate the same report at the same time', async () => {
    const tenant = await stack.addTenant([{ email: 'miyagi@company.example', workPrefecture: '04', homePrefecture: null }]);
    await stack.intake.receive(readJmaExample(TOHOKU), 'push');
    const [event] = await stack.outboxEvents('disaster.event');
    const payload = event.payload as unknown as Parameters<DisasterTestStack['engine']['evaluate']>[0];
    await Promise.all([stack.engine.evaluate(payload), stack.engine.evaluate(payload), stack.engine.evaluate(payload)]);
    expect(await stack.alertsOf(tenant.tenantId)).toHaveLength(1);
  });

  it("asks the company's own question set in an alert a rule creates, and the defaults where a company has none", async () => {
    const own = await stack.addTenant([{ email: 'miyagi@own.example', workPrefecture: '04', homePrefecture: null }]);
    const plain = await stack.addTenant([{ email: 'miyagi@plain.example', workPrefecture: '04', homePrefecture: null }]);
    const ownQuestions = [{ id: 'office', kind: 'text' as const, label: { ja: '出社可能な拠点', en: 'Office you can reach' }, required: true, maxLength: 100 }];
    await runInTenantTransaction(stack.dataSource, own.tenantId, (manager) => new TenantQuestionSetStore().save(manager, own.tenantId, ownQuestions, 'test-admin'));

    await stack.intake.receive(readJmaExample(TOHOKU), 'push');
    await stack.runConsumers({ send: false });

    const questionsOf = (tenantId: string) => runInTenantTransaction(stack.dataSource, tenantId, (manager) => manager.query("SELECT questions FROM alerts WHERE source = 'disaster-rule'"));
    expect(await questionsOf(own.tenantId)).toEqual([{ questions: ownQuestions }]);
    expect(await questionsOf(plain.tenantId)).toEqual([{ questions: defaultQuestionSet }]);
  });

  it('gives every tenant the default rule when it becomes known, visible only to that tenant', async () => {
    const a = await stack.addTenant([]);
    const b = await stack.addTenant([]);
    const rulesOf = (tenantId: string) =>
      runInTenantTransaction(stack.dataSource, tenantId, (manager) => manager.query('SELECT tenant_id, is_default, hazard, min_intensity, match FROM disaster_rules')) as Promise<unknown[]>;
    expect(await rulesOf(a.tenantId)).toEqual([{ tenant_id: a.tenantId, is_default: true, hazard: 'earthquake', min_intensity: '5-', match: 'work_or_home' }]);
    expect(await rulesOf(b.tenantId)).toEqual([expect.objectContaining({ tenant_id: b.tenantId })]);
    // Without a tenant bound, RLS shows nothing at all.
    expect(await stack.dataSource.query('SELECT * FROM disaster_rules')).toEqual([]);
  });
});
