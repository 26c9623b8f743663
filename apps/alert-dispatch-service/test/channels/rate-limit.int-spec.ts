import { DataSource } from 'typeorm';
import { PostgresProviderRateLimiter, ProviderIdentity, TenantChannelSettings } from '../../src/channels';
import { ChannelTestStack, LocalProvider, json } from './channel-test-stack';

const provider: ProviderIdentity = { channel: 'sms', host: 'api.sms.example', account: 'AC-shared' };

describe('provider rate limit shared by all dispatch pods (PostgreSQL token bucket)', () => {
  let stack: ChannelTestStack;
  const secondPod: DataSource[] = [];

  beforeAll(async () => {
    stack = await ChannelTestStack.start({ CHANNEL_RATE_LIMITS: 'sms:40/10,line:1000', CHANNEL_RATE_LIMIT_PERMIT_BATCH: '5' });
  });

  afterAll(async () => {
    await Promise.all(secondPod.map((dataSource) => dataSource.destroy()));
    await stack.stop();
  });

  /** A limiter with its own connection pool, as a second pod would have. */
  async function podLimiter(): Promise<PostgresProviderRateLimiter> {
    const dataSource = await new DataSource({ ...stack.dataSource.options } as typeof stack.dataSource.options).initialize();
    secondPod.push(dataSource);
    return new PostgresProviderRateLimiter(dataSource, stack.settings.rateLimits, stack.settings.rateLimitPermitBatch);
  }

  it('grants no more than burst + rate × time across three pods sending as fast as they can', async () => {
    const pods = [await podLimiter(), await podLimiter(), await podLimiter()];
    const grantedAt: number[] = [];
    const started = Date.now();
    const runForMs = 2_000;
    await Promise.all(
      pods.flatMap((pod) =>
        Array.from({ length: 8 }, async () => {
          while (Date.now() - started < runForMs) {
            await pod.acquire(provider);
            grantedAt.push(Date.now() - started);
          }
        }),
      ),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    const allowed = 10 + 40 * elapsedSeconds;
    expect(grantedAt.length).toBeLessThanOrEqual(Math.ceil(allowed));
    // And the limit is used, not starved: at least the sustained rate over the run.
    expect(grantedAt.length).toBeGreaterThanOrEqual(40 * (runForMs / 1000) * 0.8);
    const inLastSecond = grantedAt.filter((at) => at >= 1_000 && at < 2_000).length;
    expect(inLastSecond).toBeLessThanOrEqual(40 + 5);
  });

  it('keeps separate buckets per provider account', async () => {
    const pod = await podLimiter();
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => pod.acquire({ ...provider, account: 'AC-other' })));
    expect(Date.now() - started).toBeLessThan(500);
    const rows = await stack.dataSource.query('SELECT provider_key FROM channel_provider_rate_buckets ORDER BY provider_key');
    expect(rows.map((row: { provider_key: string }) => row.provider_key)).toEqual(['sms|api.sms.example|AC-other', 'sms|api.sms.example|AC-shared']);
  });

  it('paces real SMS sends through the channel at the configured rate', async () => {
    const sms = new LocalProvider();
    await sms.listen(3407);
    sms.behaviour = (_request, response) => json(response, 201, { sid: 'SM' });
    try {
      const settings: TenantChannelSettings = { sms: { baseUrl: sms.baseUrl, accountSid: 'ACpaced0001', authToken: 'token-0123456789', from: '+815000000000' } };
      const channels = stack.registry.forTenant('0193f0c8-0000-7000-8000-0000000000aa', settings);
      const started = Date.now();
      const reports = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          channels.send('sms', {
            deliveryId: `0193f0c8-0000-7000-8000-${String(index).padStart(12, '0')}`,
            tenantId: '0193f0c8-0000-7000-8000-0000000000aa',
            recipientAddress: '+819012345678',
            subject: '',
            body: 'Please answer https://anpi.example/a/t',
            answerUrl: 'https://anpi.example/a/t',
            drill: false,
            language: 'en',
          }),
        ),
      );
      expect(reports.every((report) => report.outcome.status === 'sent')).toBe(true);
      // 10 at once (burst), the other 40 at 40/s: about one second, never much less.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await sms.close();
    }
  });
});
