/**
 * E-mail channel benchmark: messages/s through the real channel stack (ChannelRegistry →
 * ResilientChannel → EmailAdapter → pooled nodemailer) to a local SMTP server running in a
 * separate process. See bench/email/README.md.
 *
 *   node -r @swc-node/register bench/email/run.ts [--messages 20000] [--pools 1,5,10] [--max-messages 100]
 *        [--in-flight 500] [--runs 3] [--port 2530]
 *
 * Exit code: 0 ok; 1 verification failed (a message lost, refused or duplicated); 2 bad arguments; 3 other error.
 */
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { ChannelMessage, ChannelMetrics, ChannelRegistry, ProviderCircuitBreakers, ProviderRateLimiter, channelsSettingsFromEnvironment } from '../../apps/alert-dispatch-service/src/channels';
import { TenantTemplates, renderMessage } from '../../apps/alert-dispatch-service/src/templates';
import { sendThroughChannel } from '../channel-sends';
import { askSink, startSinkProcess } from '../sink-process';

interface Args {
  messages: number;
  pools: number[];
  maxMessages: number;
  inFlight: number;
  runs: number;
  port: number;
}

interface SinkReport {
  received: number;
  uniqueDeliveries: number;
  duplicates: number;
}

const tenantId = '0193f0c8-0000-7000-8000-0000000000aa';

function parseArgs(argv: string[]): Args {
  const args: Args = { messages: 20_000, pools: [1, 5, 10], maxMessages: 100, inFlight: 500, runs: 3, port: 2530 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1]];
    const number = Number(value);
    const set: Record<string, () => void> = {
      '--messages': () => (args.messages = number),
      '--pools': () => (args.pools = value.split(',').map(Number)),
      '--max-messages': () => (args.maxMessages = number),
      '--in-flight': () => (args.inFlight = number),
      '--runs': () => (args.runs = number),
      '--port': () => (args.port = number),
    };
    if (!set[flag] || value === undefined) throw new UsageError(`unknown or incomplete flag ${flag}`);
    set[flag]();
  }
  const numbers = [args.messages, args.maxMessages, args.inFlight, args.runs, args.port, ...args.pools];
  if (numbers.some((number) => !Number.isInteger(number) || number < 1) || args.messages > 1_000_000) throw new UsageError('flags take positive integers; at most 1,000,000 messages');
  return args;
}

class UsageError extends Error {}

function messages(count: number): ChannelMessage[] {
  const templates = TenantTemplates.defaults();
  return Array.from({ length: count }, (_, index) => {
    const answerUrl = `https://anpi.example/a/bench-${index}`;
    const rendered = renderMessage(templates, {
      channel: 'email',
      language: index % 5 === 0 ? 'en' : 'ja',
      drill: true,
      reminder: false,
      maxSmsSegments: 3,
      values: { name: `社員 ${index}`, answerUrl, alertTitle: '震度6強の地震', alertBody: '身の安全を確保してください。', companyName: 'Acme 株式会社', sentAt: '' },
    });
    return { deliveryId: `bench-${index}`, tenantId, recipientAddress: `employee${index}@acme.example`, answerUrl, drill: true, language: 'ja', ...rendered };
  });
}

/** One pool size: the batch through the e-mail channel of a tenant whose SMTP server is the sink. */
async function sendAll(registry: ChannelRegistry, port: number, pool: number, batch: ChannelMessage[], inFlight: number) {
  const channels = registry.forTenant(tenantId, { email: { host: '127.0.0.1', port, secure: false, from: 'Anpi <anpi@acme.example>' } });
  return { ...(await sendThroughChannel(channels, 'email', batch, inFlight)), pool };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sink = await startSinkProcess(path.join(__dirname, 'smtp-sink.ts'), args.port);
  const batch = messages(args.messages);
  const rows: string[] = [];
  let verified = true;
  try {
    for (const pool of args.pools) {
      const rates: number[] = [];
      for (let run = 0; run < args.runs; run += 1) {
        await askSink(sink, 'reset');
        const settings = channelsSettingsFromEnvironment({ SMTP_POOL_MAX_CONNECTIONS: String(pool), SMTP_POOL_MAX_MESSAGES: String(args.maxMessages) });
        const metrics = new ChannelMetrics(new Registry());
        // E-mail has no provider rate limit in this benchmark (none configured), so no database is involved.
        const noRateLimit: ProviderRateLimiter = { acquire: async () => undefined };
        const registry = new ChannelRegistry(settings, new ProviderCircuitBreakers(settings.circuitBreaker, metrics), noRateLimit, metrics);
        const result = await sendAll(registry, args.port, pool, batch, args.inFlight);
        await registry.close();
        const report = await askSink<SinkReport>(sink, 'report');
        const ok = result.failed === 0 && report.received === args.messages && report.uniqueDeliveries === args.messages && report.duplicates === 0;
        verified &&= ok;
        rates.push(args.messages / result.seconds);
        console.log(`pool=${pool} run=${run + 1}: ${Math.round(args.messages / result.seconds)} msg/s (${result.seconds.toFixed(2)} s), received ${report.received}, unique deliveries ${report.uniqueDeliveries}, duplicates ${report.duplicates}, failed ${result.failed}, sender CPU ${Math.round(result.senderCpuPercent)} % of a core (${result.senderCpuMsPerMessage.toFixed(3)} ms per message), load average ${os.loadavg()[0].toFixed(2)}${ok ? '' : '  VERIFICATION FAILED'}`);
      }
      const sorted = [...rates].sort((left, right) => left - right);
      rows.push(`| ${pool} | ${args.maxMessages} | ${args.inFlight} | ${Math.round(sorted[Math.floor(sorted.length / 2)])} | ${Math.round(sorted[0])}–${Math.round(sorted.at(-1)!)} |`);
    }
  } finally {
    sink.send({ type: 'stop' });
  }
  console.log(`\n${args.messages} messages per run, ${args.runs} runs; ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString()}`);
  console.log('| SMTP_POOL_MAX_CONNECTIONS | SMTP_POOL_MAX_MESSAGES | sends in flight | median msg/s | range |\n| ---: | ---: | ---: | ---: | --- |');
  console.log(rows.join('\n'));
  process.exitCode = verified ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 3;
});
