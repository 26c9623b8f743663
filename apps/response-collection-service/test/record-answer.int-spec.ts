import { loadConfig } from '@anpi/config';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { localServiceEnvironment } from '@anpi/testing';
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AnswerLinkResolver } from '../src/answer-page/answer-link-resolver';
import { AnswerWrite, writeAnswersOnShard } from '../src/answer-page/answer-writes';
import { RecordAnswer } from '../src/answer-page/record-answer.use-case';
import { addRecipients } from '../src/breakdowns/breakdown-counters';
import { responseCollectionServiceConfigSchema } from '../src/config';
import { responseCollectionServiceDatabase } from '../src/database';
import { ResponseMetrics } from '../src/metrics/response-metrics';
import { newAnswerToken, responseDatabase, safetyQuestions } from './support/response-fixture';

/**
 * The two-round-trip answer path (`answer_context` + `record_answers`) on the real database, as
 * the service's own (non-owner) role, so row-level security applies: racing submissions for one
 * recipient, many recipients written in shared statements, an alert closing between the read
 * and the write, and another tenant's id.
 */
describe('recording an answer in one round trip (real PostgreSQL, application role)', () => {
  const admin = responseDatabase();
  let app: DataSource;
  let record: RecordAnswer;
  const tenantId = randomUUID();
  const otherTenantId = randomUUID();
  const alertId = randomUUID();

  const link = (recipientId: string, tenant = tenantId) => ({ tenantId: tenant, alertId, recipientId });
  const answerWrite = (recipientId: string, at: Date): AnswerWrite => ({
    alert: alertId,
    recipient: recipientId,
    answers: { safety: 'safe' },
    at: at.toISOString(),
    rev: 0,
    bucket: 0,
    choices: [{ q: 'safety', c: 'safe', d: 1 }],
    responded: [],
    breakdown: [],
    event_id: randomUUID(),
    message_key: alertId,
    envelope: {},
  });
  const newRecipient = async () => {
    const recipientId = randomUUID();
    await runInTenantTransaction(admin, tenantId, (manager) => addRecipients(manager, tenantId, alertId, [recipientId]));
    return recipientId;
  };
  const stored = async (recipientId: string) => {
    const [row] = await admin.query(
      `SELECT (SELECT revision FROM answers WHERE alert_id = $1 AND recipient_id = $2) AS revision,
              (SELECT answers->>'safety' FROM answers WHERE alert_id = $1 AND recipient_id = $2) AS safety,
              (SELECT count(*)::int FROM outbox WHERE envelope->'payload'->>'alertId' = $1::text AND envelope->'payload'->>'recipientId' = $2::text) AS events,
              (SELECT coalesce(sum(responded), 0)::int FROM alert_totals WHERE alert_id = $1) AS responded,
              (SELECT coalesce(jsonb_object_agg(choice_id, total), '{}') FROM (SELECT choice_id, sum(answers)::int AS total FROM answer_choice_counts
                 WHERE alert_id = $1 AND question_id = 'safety' GROUP BY choice_id) c) AS choices,
              (SELECT coalesce(sum(responded), 0)::int FROM breakdown_totals WHERE alert_id = $1 AND dimension = 'work_prefecture') AS "byPrefecture"`,
      [alertId, recipientId],
    );
    return row;
  };

  beforeAll(async () => {
    await admin.initialize();
    const config = loadConfig(responseCollectionServiceConfigSchema, localServiceEnvironment('response-collection-service'));
    app = await new DataSource({ ...buildDataSourceOptions(config, responseCollectionServiceDatabase), poolSize: 12 } as typeof admin.options).initialize();
    record = new RecordAnswer(app, new ResponseMetrics(new Registry()));
    await admin.query(`INSERT INTO known_tenants (tenant_id, display_name, default_language, time_zone, allow_plain_http_answer_links) VALUES ($1, 'T', 'ja', 'Asia/Tokyo', false)`, [tenantId]);
    await admin.query(
      `INSERT INTO alert_projections (alert_id, tenant_id, title, message, questions, drill, closes_at, opened_at) VALUES ($1, $2, 't', 'm', $3, false, now() + interval '1 hour', now())`,
      [alertId, tenantId, JSON.stringify(safetyQuestions)],
    );
  });

  afterAll(async () => {
    await admin.query(`DELETE FROM outbox WHERE envelope->'payload'->>'alertId' = $1`, [alertId]);
    for (const table of ['staff_answers', 'breakdown_choice_counts', 'breakdown_totals', 'alert_recipients', 'answer_choice_counts', 'first_answer_buckets', 'alert_totals', 'answers', 'alert_projections']) {
      await admin.query(`DELETE FROM ${table} WHERE alert_id = $1`, [alertId]);
    }
    await admin.query('DELETE FROM known_tenants WHERE tenant_id = $1', [tenantId]);
    await app?.destroy();
    await admin.destroy();
  });

  it('records an answer on someone\'s behalf like any answer, announced as via console, with who recorded it in the same transaction', async () => {
    const recipientId = await newRecipient();
    const staff = randomUUID();
    const before = await stored(recipientId);
    const { recorded } = await record.recordOnBehalf(link(recipientId), { safety: 'safe', comment: '電話で確認' }, new Date(), staff);
    expect(recorded).toMatchObject({ answers: { safety: 'safe', comment: '電話で確認' }, revision: 1 });
    expect(await stored(recipientId)).toMatchObject({ revision: 1, safety: 'safe', events: 1, responded: before.responded + 1 });
    const [event] = await admin.query(`SELECT envelope FROM outbox WHERE envelope->'payload'->>'recipientId' = $1`, [recipientId]);
    expect(event.envelope.payload).toMatchObject({ via: 'console', revision: 1 });
    expect(await admin.query('SELECT revision, recorded_by FROM staff_answers WHERE recipient_id = $1', [recipientId])).toEqual([{ revision: 1, recorded_by: staff }]);

    // The person answers themselves later: their answer wins; the staff entry stays with revision 1.
    await record.record(link(recipientId), { safety: 'serious_injury' }, new Date());
    expect(await stored(recipientId)).toMatchObject({ revision: 2, safety: 'serious_injury', events: 2 });
    // Told to record only for someone who has not answered, it keeps the person's own answer.
    const kept = await record.recordOnBehalf(link(recipientId), { safety: 'safe' }, new Date(), staff, { onlyIfUnanswered: true });
    expect(kept).toMatchObject({ alreadyAnswered: { answers: { safety: 'serious_injury' }, revision: 2 } });
    expect(kept.recorded).toBeUndefined();
    expect(await stored(recipientId)).toMatchObject({ revision: 2, safety: 'serious_injury', events: 2 });
    // Refused answers leave nothing, not even who tried.
    const refused = await record.recordOnBehalf(link(await newRecipient()), { safety: 'fine' }, new Date(), staff);
    expect(refused.problems).toEqual([{ questionId: 'safety', problem: 'not-a-choice' }]);
    expect(await admin.query('SELECT count(*)::int AS n FROM staff_answers WHERE alert_id = $1', [alertId])).toEqual([{ n: 1 }]);
  });

  it('resolves a link with its context in one call, bound to the link\'s own tenant', async () => {
    const recipientId = await newRecipient();
    await record.record(link(recipientId), { safety: 'safe' }, new Date());
    const { token, tokenHash } = newAnswerToken();
    const strayAlert = newAnswerToken();
    await admin.query(
      `INSERT INTO answer_links (token_hash, tenant_id, alert_id, recipient_id, valid_until) VALUES ($1, $2, $3, $4, now() + interval '1 hour'), ($5, $6, $7, $4, now() + interval '1 hour')`,
      [tokenHash, tenantId, alertId, recipientId, strayAlert.tokenHash, otherTenantId, randomUUID()],
    );
    const resolver = new AnswerLinkResolver(app);

    const opened = await resolver.resolve(token, new Date());
    expect(opened?.link).toEqual(link(recipientId));
    expect(opened?.context).toMatchObject({ status: 'open', previous: { answers: { safety: 'safe' }, revision: 1 } });
    // A link whose alert is not (yet) known to this service: the link, and no alert.
    await expect(resolver.resolve(strayAlert.token, new Date())).resolves.toMatchObject({ context: { status: 'missing' } });
    await expect(resolver.resolve(newAnswerToken().token, new Date())).resolves.toBeUndefined();
    await admin.query('DELETE FROM answer_links WHERE token_hash = ANY($1)', [[tokenHash, strayAlert.tokenHash]]);
  });

  it('opens the links of many pages in shared statements, each read bound to its own link\'s tenant', async () => {
    const recipients = await Promise.all(Array.from({ length: 30 }, () => newRecipient()));
    const tokens = recipients.map(() => newAnswerToken());
    // A link row naming another tenant with this tenant's alert: its context must not leak.
    const crossTenant = newAnswerToken();
    await admin.query(
      `INSERT INTO answer_links (token_hash, tenant_id, alert_id, recipient_id, valid_until)
       SELECT t.hash, $2::uuid, $3::uuid, t.recipient, now() + interval '1 hour' FROM unnest($1::text[], $4::uuid[]) AS t(hash, recipient)
       UNION ALL SELECT $5, $6::uuid, $3::uuid, ($4::uuid[])[1], now() + interval '1 hour'`,
      [tokens.map((token) => token.tokenHash), tenantId, alertId, recipients, crossTenant.tokenHash, otherTenantId],
    );
    const sizes: number[] = [];
    const resolver = new AnswerLinkResolver(app, { maxConcurrentBatches: 1, observeBatch: (size) => sizes.push(size) });

    const opened = await Promise.all([...tokens, crossTenant, newAnswerToken()].map((token) => resolver.resolve(token.token, new Date())));

    expect(opened.slice(0, 30).map((page) => page?.link)).toEqual(recipients.map((recipientId) => link(recipientId)));
    expect(opened.slice(0, 30).map((page) => page?.context.status)).toEqual(recipients.map(() => 'open'));
    expect(opened[30]).toEqual({ link: link(recipients[0], otherTenantId), context: { status: 'missing' }, timeZone: expect.any(String) });
    expect(opened[31]).toBeUndefined();
    // The first lookup went alone; the 31 that arrived while it was in flight shared one statement.
    expect(sizes).toEqual([1, 31]);
    await admin.query('DELETE FROM answer_links WHERE token_hash = ANY($1)', [[...tokens, crossTenant].map((token) => token.tokenHash)]);
  });

  it('keeps the counters exact when one phone races different answers against itself', async () => {
    const recipientId = await newRecipient();
    const before = await stored(recipientId);
    const submissions = Array.from({ length: 8 }, (_, index) => ({ safety: index % 2 ? 'safe' : 'serious_injury' }));
    const results = await Promise.all(submissions.map((form) => record.record(link(recipientId), form, new Date())));

    expect(results.every((result) => result.recorded)).toBe(true);
    const after = await stored(recipientId);
    const revisions = new Set(results.map((result) => result.recorded!.revision));
    // Every revision that was announced is stored once, and the counters hold the final answer only.
    expect(after.revision).toBe(Math.max(...revisions));
    expect(after.events).toBe(after.revision);
    expect(after.responded - before.responded).toBe(1);
    expect(after.byPrefecture - before.byPrefecture).toBe(1);
    const moved = (choice: string) => (after.choices[choice] ?? 0) - (before.choices[choice] ?? 0);
    expect({ safe: moved('safe'), serious_injury: moved('serious_injury') }).toEqual({ safe: after.safety === 'safe' ? 1 : 0, serious_injury: after.safety === 'serious_injury' ? 1 : 0 });
  });

  it('counts a double submit of the same answer once and returns the stored answer to both', async () => {
    const recipientId = await newRecipient();
    const before = (await stored(recipientId)).responded;
    const [first, second] = await Promise.all([record.record(link(recipientId), { safety: 'safe' }, new Date()), record.record(link(recipientId), { safety: 'safe' }, new Date())]);

    expect(first.recorded?.revision).toBe(1);
    expect(second.recorded?.revision).toBe(1);
    expect(second.recorded?.firstAnsweredAt).toEqual(first.recorded?.firstAnsweredAt);
    expect(await stored(recipientId)).toMatchObject({ revision: 1, events: 1, responded: before + 1 });
  });

  it('writes the answers of many people at once in shared statements, each stored and counted exactly once', async () => {
    const registry = new Registry();
    // One statement at a time: every answer that arrives while it runs waits for the next one.
    const batched = new RecordAnswer(app, new ResponseMetrics(registry), { maxConcurrentBatches: 1, maxBatchSize: 50 });
    const recipients = await Promise.all(Array.from({ length: 120 }, () => newRecipient()));
    const totals = async () => (await admin.query('SELECT (SELECT coalesce(sum(responded), 0)::int FROM alert_totals WHERE alert_id = $1) AS responded, (SELECT count(*)::int FROM answers WHERE alert_id = $1) AS answers', [alertId]))[0];
    const before = await totals();

    const results = await Promise.all(recipients.map((recipientId, index) => batched.record(link(recipientId), { safety: index % 3 ? 'safe' : 'serious_injury' }, new Date())));

    expect(results.every((result) => result.recorded?.revision === 1)).toBe(true);
    expect(await totals()).toEqual({ responded: before.responded + 120, answers: before.answers + 120 });
    for (const recipientId of recipients.slice(0, 5)) expect(await stored(recipientId)).toMatchObject({ revision: 1, events: 1 });
    const batchSizes = (await registry.getSingleMetric('anpi_answer_write_batch_size')!.get()).values as { metricName?: string; value: number }[];
    const statements = batchSizes.find((value) => value.metricName === 'anpi_answer_write_batch_size_count')!.value;
    expect(batchSizes.find((value) => value.metricName === 'anpi_answer_write_batch_size_sum')!.value).toBe(120);
    expect(statements).toBeLessThan(120);
    expect(statements).toBeGreaterThanOrEqual(3);
  });

  it('stores nothing when the alert closed between the read and the write', async () => {
    const recipientId = await newRecipient();
    const context = await record.context(link(recipientId), new Date());
    expect(context.status).toBe('open');
    const outcomes = await writeAnswersOnShard(app, 'response.received', tenantId, 0, [answerWrite(recipientId, new Date(Date.now() + 2 * 3_600_000))]);

    expect(outcomes).toEqual(['closed']);
    expect(await stored(recipientId)).toMatchObject({ revision: null, events: 0 });
  });

  it("sees and writes nothing of another tenant's alert", async () => {
    const recipientId = await newRecipient();

    await expect(record.context(link(recipientId, otherTenantId), new Date())).resolves.toEqual({ status: 'missing' });
    await expect(record.record(link(recipientId, otherTenantId), { safety: 'safe' }, new Date())).resolves.toEqual({ context: { status: 'missing' } });
    await expect(writeAnswersOnShard(app, 'response.received', otherTenantId, 0, [answerWrite(recipientId, new Date())])).resolves.toEqual(['closed']);
    expect(await stored(recipientId)).toMatchObject({ revision: null, events: 0 });
    // The binding lasted only as long as the statement: a bare read on the pool sees no tenant.
    await expect(app.query('SELECT count(*)::int AS answers FROM answers WHERE alert_id = $1', [alertId])).resolves.toEqual([{ answers: 0 }]);
  });
});
