/**
 * Web Push channel benchmark: pushes/s and the sender's CPU per push through the real channel
 * stack (ChannelRegistry → ResilientChannel → WebPushAdapter: RFC 8291 payload encryption, VAPID
 * authorization, fetch) to a local push service in a separate process. See bench/web-push/README.md.
 *
 *   node -r @swc-node/register bench/web-push/run.ts [--messages 20000] [--subscriptions 1000]
 *        [--in-flight 200] [--runs 3] [--port 2540]
 *
 * Exit code: 0 ok; 1 verification failed (a push lost, refused, unsigned or sent twice); 2 bad arguments; 3 other error.
 */
import { createECDH, randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import webPush from 'web-push';
import { ChannelMessage, ChannelMetrics, ChannelRegistry, ProviderCircuitBreakers, ProviderRateLimiter, channelsSettingsFromEnvironment } from '../../apps/alert-dispatch-service/src/channels';
import { TenantTemplates, renderMessage } from '../../apps/alert-dispatch-service/src/templates';
import { sendThroughChannel } from '../channel-sends';
import { askSink, startSinkProcess } from '../sink-process';

interface Args {
  messages: number;
  subscriptions: number;
  inFlight: number;
  runs: number;
  port: number;
}

interface PushServiceReport {
  received: number;
  unauthorized: number;
  subscriptions: number;
  /** The distinct numbers of pushes per subscription: one value, messages / subscriptions, when none was lost or doubled. */
  perSubscription: number[];
}

class UsageError extends Error {}

const tenantId = '0193f0c8-0000-7000-8000-0000000000ab';
const limits: Record<keyof Args, [number, number]> = { messages: [1, 1_000_000], subscriptions: [1, 100_000], inFlight: [1, 5_000], runs: [1, 20], port: [1_024, 65_535] };

function parseArgs(argv: string[]): Args {
  const args: Args = { messages: 20_000, subscriptions: 1_000, inFlight: 200, runs: 3, port: 2540 };
  for (let index = 0; index < argv.length; index += 2) {
    const name = argv[index].replace(/^--/, '').replace(/-(\w)/g, (_match, letter: string) => letter.toUpperCase()) as keyof Args;
    const value = Number(argv[index + 1]);
    if (!(name in limits) || !Number.isInteger(value) || value < limits[name][0] || value > limits[name][1]) throw new UsageError(`bad argument ${argv[index]} ${argv[index + 1] ?? ''}`);
    args[name] = value;
  }
  if (args.messages % args.subscriptions !== 0) throw new UsageError('--messages must be a multiple of --subscriptions (each gets the same number of pushes)');
  return args;
}

/** Browsers' subscriptions: each with its own P-256 key and auth secret, as a browser makes them. */
function subscriptions(count: number, port: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const browser = createECDH('prime256v1');
    browser.generateKeys();
    return JSON.stringify({ endpoint: `http://127.0.0.1:${port}/push/subscription-${index}`, keys: { p256dh: browser.getPublicKey('base64url'), auth: randomBytes(16).toString('base64url') } });
  });
}

function messages(count: number, addresses: string[]): ChannelMessage[] {
  const templates = TenantTemplates.defaults();
  return Array.from({ length: count }, (_, index) => {
    const answerUrl = `https://anpi.example/a/bench-${index}`;
    const language = index % 5 === 0 ? 'en' : 'ja';
    const rendered = renderMessage(templates, {
      channel: 'web-push',
      language,
      drill: true,
      reminder: false,
      maxSmsSegments: 3,
      values: { name: `社員 ${index}`, answerUrl, alertTitle: '震度6強の地震', alertBody: '身の安全を確保してください。', companyName: 'Acme 株式会社', sentAt: '' },
    });
    return { deliveryId: `bench-${index}`, tenantId, recipientAddress: addresses[index % addresses.length], answerUrl, drill: true, language, ...rendered };
  });
}

/** The batch through the web-push channel of a tenant with fresh VAPID keys. */
async function sendAll(registry: ChannelRegistry, batch: ChannelMessage[], inFlight: number) {
  const vapid = webPush.generateVAPIDKeys();
  const channels = registry.forTenant(tenantId, { 'web-push': { vapidSubject: 'mailto:crisis@acme.example', vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey, timeToLiveSeconds: 3_600 } });
  return sendThroughChannel(channels, 'web-push', batch, inFlight);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const pushService = await startSinkProcess(path.join(__dirname, 'push-service.ts'), args.port);
  const batch = messages(args.messages, subscriptions(args.subscriptions, args.port));
  const rates: number[] = [];
  let verified = true;
  try {
    for (let run = 0; run < args.runs; run += 1) {
      await askSink(pushService, 'reset');
      const settings = channelsSettingsFromEnvironment({ CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS: 'true' });
      const metrics = new ChannelMetrics(new Registry());
      const noRateLimit: ProviderRateLimiter = { acquire: async () => undefined };
      const registry = new ChannelRegistry(settings, new ProviderCircuitBreakers(settings.circuitBreaker, metrics), noRateLimit, metrics);
      const result = await sendAll(registry, batch, args.inFlight);
      await registry.close();
      const report = await askSink<PushServiceReport>(pushService, 'report');
      const ok =
        result.failed === 0 &&
        report.received === args.messages &&
        report.unauthorized === 0 &&
        report.subscriptions === args.subscriptions &&
        report.perSubscription.length === 1 &&
        report.perSubscription[0] === args.messages / args.subscriptions;
      verified &&= ok;
      rates.push(args.messages / result.seconds);
      console.log(
        `run ${run + 1}: ${Math.round(args.messages / result.seconds)} pushes/s (${result.seconds.toFixed(2)} s), received ${report.received} for ${report.subscriptions} subscriptions, unsigned ${report.unauthorized}, failed ${result.failed}, sender CPU ${Math.round(result.senderCpuPercent)} % of a core (${result.senderCpuMsPerMessage.toFixed(3)} ms per push), load average ${os.loadavg()[0].toFixed(2)}${ok ? '' : '  VERIFICATION FAILED'}`,
      );
    }
  } finally {
    pushService.send({ type: 'stop' });
  }
  const sorted = [...rates].sort((left, right) => left - right);
  console.log(`\n${args.messages} pushes per run to ${args.subscriptions} subscriptions, ${args.inFlight} in flight, ${args.runs} runs; ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`);
  console.log(`median ${Math.round(sorted[Math.floor(sorted.length / 2)])} pushes/s (range ${Math.round(sorted[0])}–${Math.round(sorted.at(-1)!)})`);
  process.exitCode = verified ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 3;
});
