import { INTERNAL_API_TOKEN } from '@anpi/auth-guard';
import { lineLinkV1Schema } from '@anpi/contracts';
import { loadConfig } from '@anpi/config';
import { ContactEventSealer, FieldCipher } from '@anpi/field-encryption';
import { buildDataSourceOptions, runInTenantTransaction } from '@anpi/persistence';
import { HttpErrorFilter } from '@anpi/service-bootstrap';
import { localServiceEnvironment, waitFor } from '@anpi/testing';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac, randomUUID } from 'node:crypto';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { TenantChannelSettingsStore } from '../src/channels';
import { alertDispatchServiceConfigSchema } from '../src/config';
import { alertDispatchServiceDatabase } from '../src/database';
import { LineLinkCodes } from '../src/line-links/line-link-codes';
import { lineReplyTexts } from '../src/line-links/line-link-replies';
import { LineLinkStore } from '../src/line-links/line-link-store';
import { LineLinksController } from '../src/line-links/line-links.controller';
import { LineWebhookController } from '../src/line-links/line-webhook.controller';
import { LinkLineAccounts } from '../src/line-links/link-line-accounts';
import { ProjectedRecipientSource } from '../src/recipients/projected-recipient-source';
import { LocalProvider, json } from './channels/channel-test-stack';

/**
 * Employees linking their own LINE accounts, over real HTTP (raw-body signature check, the
 * internal-token guard, the service's error filter) on the real database (its own role, RLS):
 * a link code from the internal API, sent back through the company's signed webhook, reaches
 * the recipient source; LINE's reply API (a local server) tells the person how it went.
 */
describe('LINE links made by employees (real HTTP, real PostgreSQL)', () => {
  const config = loadConfig(alertDispatchServiceConfigSchema, localServiceEnvironment('alert-dispatch-service', { DB_POOL_SIZE: '3' }));
  const dataSource = new DataSource(buildDataSourceOptions(config, alertDispatchServiceDatabase));
  const directoryCipher = new FieldCipher(config.DIRECTORY_EVENT_KEYS, config.DIRECTORY_EVENT_ACTIVE_KEY_ID);
  const sealer = new ContactEventSealer(directoryCipher);
  const store = new LineLinkStore(directoryCipher);
  const codes = new LineLinkCodes(config.ANSWER_TOKEN_KEY);
  const recipients = ProjectedRecipientSource.overKeyRing(dataSource, directoryCipher);
  const channelSettings = new TenantChannelSettingsStore(new FieldCipher(config.CHANNEL_SETTINGS_KEYS, config.CHANNEL_SETTINGS_ACTIVE_KEY_ID));
  const [tenantId, otherTenantId] = [randomUUID(), randomUUID()];
  const [hanako, taro] = [randomUUID(), randomUUID()];
  const enteredByAdmin = `U${'0'.repeat(32)}`;
  const [hanakoPhone, sharedPhone] = [`U${'a'.repeat(32)}`, `U${'b'.repeat(32)}`];
  const channelSecret = '0123456789abcdef0123456789abcdef';
  const lineApi = new LocalProvider();
  const linking = new LinkLineAccounts(codes, store, pino({ level: 'silent' }), { allowPlainHttpProviders: true });
  let app: NestFastifyApplication;
  let baseUrl: string;

  const internal = (path: string, token: string | null = config.INTERNAL_API_TOKEN) =>
    fetch(`${baseUrl}/internal/v1/tenants/${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const webhook = (tenant: string, events: unknown[], { secret = channelSecret, body }: { secret?: string; body?: string } = {}) => {
    const bytes = body ?? JSON.stringify({ destination: `U${'f'.repeat(32)}`, events });
    return fetch(`${baseUrl}/v1/line-webhooks/${tenant}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-line-signature': createHmac('sha256', secret).update(bytes).digest('base64') },
      body: bytes,
    });
  };
  const message = (lineUserId: string, text: string, replyToken: string = randomUUID()) => ({ type: 'message', replyToken, source: { type: 'user', userId: lineUserId }, message: { id: '1', type: 'text', text } });
  const codeFor = async (person: string) => {
    const response = await internal(`${tenantId}/recipients/${person}/line-link`);
    expect(response.status).toBe(200);
    const { url } = lineLinkV1Schema.parse(await response.json());
    return decodeURIComponent(new URL(url).search.slice(1));
  };
  const linkRows = () => runInTenantTransaction(dataSource, tenantId, (manager) => manager.query('SELECT recipient_id, line_user_digest, sealed FROM line_links ORDER BY recipient_id'));
  const lineUserIdOf = async (person: string) => (await recipients.recipients(tenantId, [person]))[0].contacts.lineUserId;
  // The webhook answers before its replies are sent: wait for those in flight, then read what LINE got.
  const repliesSince = async (before: number) => (await linking.repliesSent(), lineApi.requests).slice(before).map((request) => JSON.parse(request.body.toString()) as { replyToken: string; messages: { text: string }[] });

  beforeAll(async () => {
    await dataSource.initialize();
    await lineApi.listen(0);
    lineApi.behaviour = (_request, response) => json(response, 200, {});
    await runInTenantTransaction(dataSource, tenantId, async (manager) => {
      for (const [person, language, lineUserId] of [[hanako, 'ja', enteredByAdmin], [taro, 'en', null]] as const) {
        const contact = sealer.seal(tenantId, person, { nameKanji: '社員', nameKana: 'シャイン', companyEmail: `${person}@example.test`, privateEmails: [], mobilePhone: null, lineUserId });
        await manager.query(`INSERT INTO directory_recipients (tenant_id, employee_id, active, language, contact_ciphertext) VALUES ($1, $2, true, $3, $4)`, [tenantId, person, language, contact]);
      }
      await channelSettings.saveChannel(manager, tenantId, 'line', { baseUrl: lineApi.baseUrl, channelAccessToken: 'line-channel-access-token-0123456789', channelSecret, officialAccountId: '@acme' }, 'test');
    });
    @Global()
    @Module({
      controllers: [LineWebhookController, LineLinksController],
      providers: [
        { provide: DataSource, useValue: dataSource },
        { provide: TenantChannelSettingsStore, useValue: channelSettings },
        { provide: LineLinkCodes, useValue: codes },
        { provide: LinkLineAccounts, useValue: linking },
        { provide: INTERNAL_API_TOKEN, useValue: config.INTERNAL_API_TOKEN },
      ],
    })
    class LineTestModule {}
    // As the service starts (createServiceApp with keepRawBody): the signature is over the exact bytes.
    app = await NestFactory.create<NestFastifyApplication>(LineTestModule, new FastifyAdapter(), { logger: false, rawBody: true });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await lineApi.close();
    for (const tenant of [tenantId, otherTenantId]) {
      await runInTenantTransaction(dataSource, tenant, async (manager) => {
        for (const table of ['line_links', 'tenant_channel_settings', 'directory_recipients']) await manager.query(`DELETE FROM ${table}`);
      });
    }
    await dataSource.destroy();
  });

  it('gives the answer page a LINE chat with a link code in the person’s language, only to internal callers and only where LINE linking is set up', async () => {
    const response = await internal(`${tenantId}/recipients/${hanako}/line-link`);
    const link = lineLinkV1Schema.parse(await response.json());
    expect(link.url).toMatch(/^https:\/\/line\.me\/R\/oaMessage\/%40acme\/\?/);
    expect(decodeURIComponent(new URL(link.url).search.slice(1))).toMatch(/^安否確認をLINEで受け取る ANPI-[A-Za-z0-9_-]{48}$/);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await codeFor(taro)).toMatch(/^Get safety checks on LINE ANPI-/);
    expect((await internal(`${tenantId}/recipients/${hanako}/line-link`, null)).status).toBe(401);
    expect((await internal(`${tenantId}/recipients/${randomUUID()}/line-link`)).status).toBe(404);
    expect((await internal(`${otherTenantId}/recipients/${hanako}/line-link`)).status).toBe(404);
  });

  it('refuses webhooks that are not signed with the channel secret, malformed, or for a company without LINE linking, and changes nothing', async () => {
    const code = await codeFor(hanako);
    const unsigned = await webhook(tenantId, [message(hanakoPhone, code)], { secret: 'fedcba9876543210fedcba9876543210' });
    expect(unsigned.status).toBe(401);
    expect(await unsigned.json()).toMatchObject({ message: 'X-Line-Signature does not match the body' });
    const malformed = await webhook(tenantId, [], { body: JSON.stringify({ destination: 'x', events: [{ type: 'message', source: { type: 'user', userId: 'not-a-line-user' } }] }) });
    expect(malformed.status).toBe(400);
    expect((await webhook(otherTenantId, [message(hanakoPhone, code)])).status).toBe(404);
    expect((await webhook(tenantId, [], { body: '{"destination":' })).status).toBe(400);
    expect(await linkRows()).toEqual([]);
    // LINE's "Verify" button sends no events.
    expect((await webhook(tenantId, [])).status).toBe(200);
  });

  it('links the LINE account that sends a valid code, sealed, and the senders use it over the id the admin entered', async () => {
    const before = lineApi.requests.length;
    const sent = await webhook(tenantId, [message(hanakoPhone, await codeFor(hanako), 'reply-1')]);
    expect(sent.status).toBe(200);
    expect(await sent.json()).toEqual({ linked: 1, unlinked: 0 });
    const [row] = await linkRows();
    expect(row.recipient_id).toBe(hanako);
    expect(row.sealed).not.toContain(hanakoPhone);
    expect(await lineUserIdOf(hanako)).toBe(hanakoPhone);
    expect(await repliesSince(before)).toEqual([{ replyToken: 'reply-1', messages: [{ type: 'text', text: lineReplyTexts.linked.ja }] }]);
    expect(lineApi.requests.at(-1)!.headers.authorization).toBe('Bearer line-channel-access-token-0123456789');
  });

  it('refuses a code that expired, belongs to another company or was altered, telling the sender to start again', async () => {
    const before = lineApi.requests.length;
    const expired = codes.issue(tenantId, taro, new Date(Date.now() - 25 * 3_600_000)).code;
    const elsewhere = codes.issue(otherTenantId, taro, new Date()).code;
    const valid = codes.issue(tenantId, taro, new Date()).code;
    const altered = `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`;
    const response = await webhook(tenantId, [message(sharedPhone, expired, 'r-expired'), message(sharedPhone, elsewhere, 'r-elsewhere'), message(sharedPhone, altered, 'r-altered')]);
    expect(await response.json()).toEqual({ linked: 0, unlinked: 0 });
    expect((await repliesSince(before)).map((reply) => [reply.replyToken, reply.messages[0].text])).toEqual([
      ['r-expired', lineReplyTexts.unusableCode],
      ['r-elsewhere', lineReplyTexts.unusableCode],
      ['r-altered', lineReplyTexts.unusableCode],
    ]);
    expect(await lineUserIdOf(taro)).toBeUndefined();
  });

  it('moves a LINE account to whoever links it last, welcomes new friends, and unlinks on a block', async () => {
    await webhook(tenantId, [message(sharedPhone, await codeFor(hanako))]);
    expect(await lineUserIdOf(hanako)).toBe(sharedPhone);
    await webhook(tenantId, [message(sharedPhone, await codeFor(taro))]);
    expect([await lineUserIdOf(hanako), await lineUserIdOf(taro)]).toEqual([enteredByAdmin, sharedPhone]);

    const before = lineApi.requests.length;
    const followed = await webhook(tenantId, [{ type: 'follow', replyToken: 'r-follow', source: { type: 'user', userId: hanakoPhone } }, { type: 'message', replyToken: 'r-chat', source: { type: 'user', userId: hanakoPhone }, message: { type: 'text', text: 'こんにちは' } }]);
    expect(followed.status).toBe(200);
    expect(await repliesSince(before)).toEqual([{ replyToken: 'r-follow', messages: [{ type: 'text', text: lineReplyTexts.welcome }] }]);

    expect(await (await webhook(tenantId, [{ type: 'unfollow', source: { type: 'user', userId: sharedPhone } }])).json()).toEqual({ linked: 0, unlinked: 1 });
    expect(await lineUserIdOf(taro)).toBeUndefined();
  });

  it("answers LINE's webhook without waiting for its reply API, and the reply still goes out", async () => {
    let answerReply: () => void = () => undefined;
    lineApi.behaviour = (_request, response) => (answerReply = () => json(response, 200, {}));
    const before = lineApi.requests.length;
    const response = await webhook(tenantId, [message(hanakoPhone, await codeFor(hanako), 'r-slow')]);
    expect(await response.json()).toEqual({ linked: 1, unlinked: 0 });
    // The reply API has the request and has not answered it: the webhook was answered first.
    await waitFor(() => lineApi.requests.length > before, { what: 'the reply request' });
    answerReply();
    expect((await repliesSince(before)).map((reply) => reply.replyToken)).toEqual(['r-slow']);
    lineApi.behaviour = (_request, reply) => json(reply, 200, {});
  });

  it("keeps the link when LINE's reply API fails, and answers the webhook all the same", async () => {
    lineApi.behaviour = (_request, response) => json(response, 500, { message: 'down' });
    const response = await webhook(tenantId, [message(hanakoPhone, await codeFor(hanako))]);
    expect(await response.json()).toEqual({ linked: 1, unlinked: 0 });
    expect(await lineUserIdOf(hanako)).toBe(hanakoPhone);
    lineApi.behaviour = (_request, reply) => json(reply, 200, {});
  });
});
