import { ScratchDatabase } from '@anpi/testing';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ChannelMetrics, ChannelRegistry, ChannelsSettings, PostgresProviderRateLimiter, ProviderCircuitBreakers, channelsSettingsFromEnvironment, createChannelTables } from '../../src/channels';

/**
 * The channels as the service builds them (registry, breakers, the PostgreSQL rate limiter on
 * a scratch database, metrics), with quick retries and plain-http providers for local servers.
 */
export class ChannelTestStack {
  private constructor(
    readonly registry: ChannelRegistry,
    readonly metrics: Registry,
    readonly settings: ChannelsSettings,
    readonly dataSource: DataSource,
    private readonly database: ScratchDatabase,
  ) {}

  static async start(environment: Record<string, string> = {}): Promise<ChannelTestStack> {
    const database = await ScratchDatabase.create('anpi_channels');
    const dataSource = await database.dataSource().initialize();
    await createChannelTables(dataSource);
    const settings = channelsSettingsFromEnvironment({
      CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true',
      CHANNEL_RETRY_BASE_DELAY_MS: '20',
      CHANNEL_RETRY_MAX_DELAY_MS: '1500',
      ...environment,
    });
    const metrics = new Registry();
    const channelMetrics = new ChannelMetrics(metrics);
    const registry = new ChannelRegistry(
      settings,
      new ProviderCircuitBreakers(settings.circuitBreaker, channelMetrics),
      new PostgresProviderRateLimiter(dataSource, settings.rateLimits, settings.rateLimitPermitBatch),
      channelMetrics,
    );
    return new ChannelTestStack(registry, metrics, settings, dataSource, database);
  }

  async metricValue(name: string, labels: Record<string, string>): Promise<number> {
    const metric = (await this.metrics.getMetricsAsJSON()).find((candidate) => candidate.name === name);
    const values = (metric as { values: { labels: Record<string, string>; value: number }[] } | undefined)?.values ?? [];
    return values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))?.value ?? 0;
  }

  async stop(): Promise<void> {
    await this.registry.close();
    await this.dataSource.destroy();
    await this.database.drop();
  }
}

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type ProviderBehaviour = (request: ReceivedRequest, response: ServerResponse) => void;

/** A local stand-in for a provider's HTTP API that records every request it gets. */
export class LocalProvider {
  readonly requests: ReceivedRequest[] = [];
  behaviour: ProviderBehaviour = (_request, response) => response.writeHead(204).end();
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks) };
        this.requests.push(received);
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        this.behaviour(received, response);
      });
    });
  }

  async listen(port: number): Promise<this> {
    await new Promise<void>((resolve, reject) => this.server.once('error', reject).listen(port, '127.0.0.1', resolve));
    return this;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

/** Fails the test if anything rejects unhandled while `work` runs (and shortly after). */
export async function withoutUnhandledRejections<T>(work: () => Promise<T>): Promise<T> {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', record);
  try {
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toEqual([]);
    return result;
  } finally {
    process.off('unhandledRejection', record);
  }
}
