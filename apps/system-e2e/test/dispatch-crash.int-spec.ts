import { parseKeyRing } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { MailCatcher, ServiceProcess, TokenIssuer, localServiceEnvironment, waitFor } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * A dispatch pod killed with SIGKILL in the middle of a 20,000-recipient fan-out and restarted:
 * nobody is skipped, and the only duplicates are sends that were in flight at the kill —
 * bounded by the configured concurrency and counted in a metric.
 */
describe('dispatch killed mid fan-out', () => {
  const recipients = 20_000;
  const concurrency = 50;
  /** A pod sends pages from up to 3 partitions at once (MessagingModule), each a chunk of `concurrency`. */
  const inFlightBound = concurrency * 3;
  const mail = new MailCatcher(2627);
  const tokens = new TokenIssuer(3149);
  const settings = localServiceEnvironment('alert-dispatch-service');
  const overrides = () => ({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '2627',
    SMTP_POOL_MAX_CONNECTIONS: '10',
    DELIVERY_CONCURRENCY: String(concurrency),
    DELIVERY_STALE_SENDING_MS: '3000',
    ...tokens.serviceEnvironment,
  });
  const db = new Client({ host: settings.PGHOST, port: Number(settings.PGPORT), user: 'postgres', database: settings.DB_NAME });
  const tenantId = randomUUID();
  const employees = Array.from({ length: recipients }, (_, index) => ({ id: randomUUID(), email: `crash-${index}@${tenantId.slice(0, 8)}.example` }));
  let dispatch: ServiceProcess;

  beforeAll(async () => {
    await Promise.all([mail.start(), tokens.start(), db.connect()]);
    const sealer = new ContactEventSealer(new FieldCipher(parseKeyRing(settings.DIRECTORY_EVENT_KEYS), settings.DIRECTORY_EVENT_ACTIVE_KEY_ID));
    // The directory as dispatch's projection holds it after tenant-service's events.
    await db.query(`INSERT INTO known_tenants VALUES ($1, 'Crash test', 'ja', 'Asia/Tokyo', false)`, [tenantId]);
    for (let offset = 0; offset < recipients; offset += 5_000) {
      const page = employees.slice(offset, offset + 5_000);
      await db.query(
        `INSERT INTO directory_recipients (tenant_id, employee_id, active, language, work_prefecture, contact_ciphertext)
         SELECT $1, id, true, 'ja', '13', sealed FROM unnest($2::uuid[], $3::text[]) AS t(id, sealed)`,
        [tenantId, page.map((employee) => employee.id), page.map((employee) => sealer.seal(tenantId, employee.id, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: employee.email, privateEmails: [], mobilePhone: null }))],
      );
    }
    dispatch = await new ServiceProcess('alert-dispatch-service', 3143, overrides()).start();
  }, 120_000);

  afterAll(async () => {
    await dispatch?.stop();
    for (const table of ['deliveries', 'directory_recipients', 'alerts', 'known_tenants']) {
      await db.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    }
    await db.query(`DELETE FROM outbox WHERE message_key = $1 OR envelope->>'tenantId' = $1`, [tenantId]);
    await db.end();
    await Promise.all([mail.stop(), tokens.stop()]);
  }, 60_000);

  it('skips nobody and re-sends only what was in flight', async () => {
    const admin = await tokens.token(tenantId, 'admin');
    const created = await fetch(`${dispatch.baseUrl}/v1/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ title: '安否確認（障害試験）', message: '回答してください', target: { kind: 'all' }, resend: { intervalMinutes: 60, maxRounds: 0 } }),
    });
    expect(created.status).toBe(201);
    const alertId = ((await created.json()) as { id: string }).id;

    await waitFor(() => mail.mails.length >= 2_000, { timeoutMs: 120_000, intervalMs: 20, what: '2,000 e-mails before the kill' });
    expect(await dispatch.stop('SIGKILL')).toBeNull();
    const deliveredAtKill = mail.mails.length;
    expect(deliveredAtKill).toBeLessThan(recipients);

    dispatch = await new ServiceProcess('alert-dispatch-service', 3143, overrides()).start();
    await waitFor(
      async () => {
        const response = await fetch(`${dispatch.baseUrl}/v1/alerts/${alertId}`, { headers: { authorization: `Bearer ${admin}` } });
        return ((await response.json()) as { progress: Record<string, number> }).progress.sent === recipients;
      },
      { timeoutMs: 240_000, intervalMs: 500, what: 'every delivery sent after the restart' },
    );

    const received = new Map<string, number>();
    for (const message of mail.mails) {
      for (const recipient of message.recipients) received.set(recipient, (received.get(recipient) ?? 0) + 1);
    }
    const missing = employees.filter((employee) => !received.has(employee.email));
    expect(missing).toEqual([]);
    const duplicates = [...received.values()].reduce((sum, count) => sum + (count - 1), 0);
    expect(duplicates).toBeLessThanOrEqual(inFlightBound);
    const metrics = await (await fetch(`${dispatch.baseUrl}/metrics`)).text();
    const resent = Number(/anpi_deliveries_resent_after_crash_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? '0');
    expect(resent).toBeGreaterThanOrEqual(duplicates);
    expect(resent).toBeLessThanOrEqual(inFlightBound);
  });
});
