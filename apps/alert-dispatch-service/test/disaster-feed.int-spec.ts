import { OutboxRelay } from '@anpi/messaging';
import { METRICS_REGISTRY } from '@anpi/observability';
import { HttpErrorFilter } from '@anpi/service-bootstrap';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { PinoLogger } from 'nestjs-pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DisasterFeedModule } from '../src/disaster-feed/disaster-feed.module';
import { FeedLeadership } from '../src/disaster-feed/feed-leadership';
import { JmaFeedPoller } from '../src/disaster-feed/jma-feed-poller';
import { signPushBody } from '../src/disaster-feed/push-signature';
import { DisasterTestStack, metricValue, readJmaExample } from './disaster-test-stack';

const TOHOKU = '32-39_11_05_120615_VXSE53.xml';
const DRILL = '32-35_01_03_100806_VXSE53.xml';
const HYPOCENTRE_ONLY = '32-35_06_01_100915_VXSE52.xml';
const FLASH = '32-35_01_01_100806_VXSE51.xml';
const TITLES: Record<string, string> = { [TOHOKU]: '震源・震度に関する情報', [DRILL]: '震源・震度に関する情報', [HYPOCENTRE_ONLY]: '震源に関する情報', [FLASH]: '震度速報' };

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A stand-in for JMA's server: serves the official samples behind an Atom feed, records every request. */
class LocalJmaServer {
  readonly requests: { url: string; ifModifiedSince: string | undefined }[] = [];
  lastModified = 'Thu, 26 Nov 2026 03:00:00 GMT';
  entries: string[] = [];
  override: Handler | undefined;
  private readonly server: Server;
  private readonly open = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((request, response) => {
      this.requests.push({ url: request.url ?? '', ifModifiedSince: request.headers['if-modified-since'] });
      this.open.add(response);
      response.on('close', () => this.open.delete(response));
      if (this.override) return this.override(request, response);
      if (request.url === '/feed/eqvol.xml') return this.feed(request, response);
      const sample = /^\/data\/(.+\.xml)$/.exec(request.url ?? '')?.[1];
      if (sample && this.entries.includes(sample)) return void response.writeHead(200, { 'content-type': 'application/xml' }).end(readJmaExample(sample));
      response.writeHead(404).end();
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  feedXml(links: Record<string, string> = {}): string {
    const entries = this.entries
      .map(
        (name) => `<entry><title>${TITLES[name]}</title><id>urn:uuid:${name}</id><updated>2026-11-26T03:00:00Z</updated><author><name>気象庁</name></author>
        <link type="application/xml" href="${links[name] ?? `${this.origin}/data/${name}`}"/><content type="text">sample</content></entry>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" lang="ja"><title>高頻度（地震火山）</title><id>urn:uuid:feed</id><updated>2026-11-26T03:00:00Z</updated>${entries}</feed>`;
  }

  entryFetches(): string[] {
    return this.requests.filter((request) => request.url.startsWith('/data/')).map((request) => request.url.slice('/data/'.length));
  }

  private feed(request: IncomingMessage, response: ServerResponse): void {
    if (request.headers['if-modified-since'] === this.lastModified) return void response.writeHead(304).end();
    response.writeHead(200, { 'content-type': 'application/atom+xml', 'last-modified': this.lastModified }).end(this.feedXml());
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('JMA feed poller against a local feed server (real PostgreSQL)', () => {
  let stack: DisasterTestStack;
  let jma: LocalJmaServer;
  const pollers: JmaFeedPoller[] = [];

  const registries = new Map<JmaFeedPoller, Registry>();
  const metric = (poller: JmaFeedPoller, name: string, labels: Record<string, string> = {}) => metricValue(registries.get(poller)!, name, labels);

  function newPoller(overrides: { timeoutMs?: number } = {}): JmaFeedPoller {
    const registry = new Registry();
    const poller = new JmaFeedPoller(stack.dataSource, stack.intake, new FeedLeadership(stack.dataSource, 4242, stack.logger), stack.logger, registry, {
      baseUrl: `${jma.origin}/feed/`,
      feeds: ['eqvol.xml'],
      intervalMs: 60_000,
      timeoutMs: overrides.timeoutMs ?? 5_000,
      maxFeedBytes: 1_000_000,
      maxReportBytes: 2_000_000,
      leaderLockKey: 4242,
    });
    pollers.push(poller);
    registries.set(poller, registry);
    return poller;
  }

  beforeEach(async () => {
    stack = await DisasterTestStack.start('anpi_disaster_feed');
    jma = await new LocalJmaServer().listen();
  });

  afterEach(async () => {
    for (const poller of pollers.splice(0)) await poller.stop();
    await jma?.close();
    await stack?.stop();
  });

  const reports = () => stack.dataSource.query('SELECT jma_event_id, status, source FROM disaster_reports ORDER BY received_at') as Promise<{ jma_event_id: string; status: string; source: string }[]>;

  it('fetches each wanted entry once, honours If-Modified-Since (304), and publishes disaster.event', async () => {
    jma.entries = [HYPOCENTRE_ONLY, TOHOKU];
    const poller = newPoller();
    await poller.tick();
    expect(jma.entryFetches()).toEqual([TOHOKU]); // 震源に関する情報 cannot drive an alert: never fetched
    expect(await reports()).toEqual([{ jma_event_id: '20110311144640', status: 'normal', source: 'poll' }]);
    expect((await stack.outboxEvents('disaster.event')).map((event) => event.payload.jmaEventId)).toEqual(['20110311144640']);
    expect(await metric(poller, 'anpi_jma_feed_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);

    await poller.tick();
    expect(jma.requests.at(-1)).toEqual({ url: '/feed/eqvol.xml', ifModifiedSince: jma.lastModified });
    expect(await metric(poller, 'anpi_jma_feed_polls_total', { outcome: 'not-modified' })).toBe(1);

    jma.entries = [FLASH, DRILL, HYPOCENTRE_ONLY, TOHOKU];
    jma.lastModified = 'Thu, 26 Nov 2026 03:01:00 GMT';
    await poller.tick();
    // Oldest first (the feed lists newest first), and the Tohoku report is not fetched again.
    expect(jma.entryFetches()).toEqual([TOHOKU, DRILL, FLASH]);
    expect((await reports()).map((report) => report.status)).toEqual(['normal', 'drill', 'normal']);
  });

  it('runs exactly one active poller across replicas, and another takes over when it stops', async () => {
    jma.entries = [TOHOKU];
    const first = newPoller();
    const second = newPoller();
    await Promise.all([first.tick(), second.tick()]);
    expect(jma.requests.filter((request) => request.url === '/feed/eqvol.xml')).toHaveLength(1);
    expect((await metric(first, 'anpi_jma_feed_leader')) + (await metric(second, 'anpi_jma_feed_leader'))).toBe(1); // one leader, one follower

    const leader = jma.requests.length;
    await Promise.all([first.tick(), second.tick()]);
    expect(jma.requests.length - leader).toBe(1);

    await first.stop();
    await second.tick();
    expect(jma.requests.length - leader).toBe(2);
    expect(jma.entryFetches()).toEqual([TOHOKU]);
  });

  it('counts a feed that answers 500 or hangs as a failed poll, logs it, keeps the freshness gauge, alerts nobody', async () => {
    jma.override = (_request, response) => response.writeHead(500).end('oops');
    const poller = newPoller({ timeoutMs: 700 });
    await poller.tick();
    jma.override = () => undefined; // never answers
    await poller.tick();
    expect(await metric(poller, 'anpi_jma_feed_errors_total', { reason: 'http-status' })).toBe(1);
    expect(await metric(poller, 'anpi_jma_feed_errors_total', { reason: 'timeout' })).toBe(1);
    expect(await metric(poller, 'anpi_jma_feed_polls_total', { outcome: 'failed' })).toBe(2);
    expect(await metric(poller, 'anpi_jma_feed_last_success_timestamp_seconds')).toBe(0);
    expect(await reports()).toEqual([]);

    jma.override = undefined;
    jma.entries = [TOHOKU];
    await poller.tick();
    expect(await reports()).toHaveLength(1);
  });

  it('refuses a feed that is not Atom, and never follows a link off the feed server', async () => {
    jma.override = (_request, response) => response.writeHead(200).end(readJmaExample(TOHOKU));
    const poller = newPoller();
    await poller.tick();
    expect(await metric(poller, 'anpi_jma_feed_errors_total', { reason: 'feed-wrong-namespace' })).toBe(1);

    jma.override = (_request, response) => response.writeHead(200, { 'last-modified': 'x' }).end(jma.feedXml({ [TOHOKU]: 'http://169.254.169.254/latest/meta-data' }));
    jma.entries = [TOHOKU];
    await poller.tick();
    expect(await metric(poller, 'anpi_jma_feed_errors_total', { reason: 'foreign-link' })).toBe(1);
    expect(await stack.dataSource.query('SELECT outcome, reason FROM disaster_feed_entries')).toEqual([{ outcome: 'rejected', reason: `link outside ${jma.origin}` }]);
    expect(await reports()).toEqual([]);
  });
});

describe('push endpoint for a relay (real HTTP, real PostgreSQL)', () => {
  const key = 'test-push-key-0123456789abcdef0123456789';
  let stack: DisasterTestStack;
  let app: NestFastifyApplication;
  let baseUrl: string;

  beforeAll(async () => {
    stack = await DisasterTestStack.start('anpi_disaster_push');
    // What ServiceRootModule provides in the service; the relay's wake-up call has nothing to wake here.
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: stack.dataSource },
        { provide: PinoLogger, useValue: { logger: stack.logger } },
        { provide: METRICS_REGISTRY, useValue: new Registry() },
        { provide: OutboxRelay, useValue: { notify: () => undefined } },
      ],
      exports: [DataSource, PinoLogger, METRICS_REGISTRY, OutboxRelay],
    })
    class ServiceParts {}
    @Module({ imports: [ServiceParts, DisasterFeedModule.forRoot({ ...stack.config, JMA_FEED_POLL_ENABLED: false, JMA_PUSH_HMAC_KEY: key })] })
    class PushTestModule {}
    app = await NestFactory.create<NestFastifyApplication>(PushTestModule, new FastifyAdapter({ bodyLimit: 1_048_576 }), { logger: ['error'], abortOnError: false });
    app.useGlobalFilters(new HttpErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
    await stack?.stop();
  });

  const push = (body: Buffer | string, signature: string | null = signPushBody(key, Buffer.from(body)), contentType = 'application/xml') =>
    fetch(`${baseUrl}/v1/disaster-feed/reports`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...(signature === null ? {} : { 'x-anpi-signature': signature }) },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  const tohoku = readJmaExample(TOHOKU).toString('utf8');

  it('accepts a signed report, once', async () => {
    const first = await push(readJmaExample(TOHOKU));
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ outcome: 'published', reportId: expect.any(String) });
    expect(await (await push(readJmaExample(TOHOKU))).json()).toMatchObject({ outcome: 'duplicate' });
  });

  it.each([
    ['no signature', null],
    ['a signature made with another key', signPushBody('another-key-0123456789abcdef0123456789', Buffer.from(tohoku))],
  ])('refuses a report with %s (401), storing nothing', async (_case, signature) => {
    const response = await push(tohoku.replace('20110311144640', '20110311999999'), signature);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, message: 'missing or invalid X-Anpi-Signature' });
  });

  const hostile: [string, string, RegExp][] = [
    ['malformed XML', tohoku.slice(0, 5000), /^report rejected: malformed-xml/],
    ['an external entity (XXE)', `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${tohoku.replace(/^<\?xml[^>]*>/, '')}`, /^report rejected: doctype-forbidden/],
    [
      'an entity expansion bomb (billion laughs)',
      `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`,
      /^report rejected: doctype-forbidden/,
    ],
    ['a wrong namespace', tohoku.replace('xmlns="http://xml.kishou.go.jp/jmaxml1/"', 'xmlns="http://example.com/not-jma/"'), /^report rejected: wrong-namespace/],
  ];

  it.each(hostile)('rejects %s with 422 and a reason, alerting nobody', async (_case, body, reason) => {
    const before = await stack.dataSource.query('SELECT count(*)::int AS n FROM outbox');
    const response = await push(body);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { message: string }).message).toMatch(reason);
    expect(await stack.dataSource.query('SELECT count(*)::int AS n FROM outbox')).toEqual(before);
  });

  it('refuses a 50 MB document before reading it (413)', async () => {
    const huge = Buffer.alloc(50 * 1024 * 1024, 0x20);
    const response = await push(huge, signPushBody(key, huge));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ statusCode: 413 });
  });

  it('refuses a report that is not sent as XML (415)', async () => {
    const response = await push(JSON.stringify({ xml: tohoku }), signPushBody(key, Buffer.from(JSON.stringify({ xml: tohoku }))), 'application/json');
    expect(response.status).toBe(415);
  });
});
