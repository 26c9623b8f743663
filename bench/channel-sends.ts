import { performance } from 'node:perf_hooks';
import { ChannelKind, ChannelMessage, TenantChannels } from '../apps/alert-dispatch-service/src/channels';

export interface ChannelSendFigures {
  seconds: number;
  failed: number;
  senderCpuPercent: number;
  senderCpuMsPerMessage: number;
}

/**
 * Sends the whole batch on one channel with at most `inFlight` sends outstanding, as a consumer
 * with that concurrency would, and measures this process's CPU meanwhile: CPU per message hardly
 * depends on what else runs on the machine; the rate does. Used by the e-mail and web-push benches.
 */
export async function sendThroughChannel(channels: TenantChannels, kind: ChannelKind, batch: readonly ChannelMessage[], inFlight: number): Promise<ChannelSendFigures> {
  let next = 0;
  let failed = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, batch.length) }, async () => {
      while (next < batch.length) {
        const report = await channels.send(kind, batch[next++]);
        if (report.outcome.status !== 'sent') failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { seconds, failed, senderCpuPercent: (cpuSeconds / seconds) * 100, senderCpuMsPerMessage: (cpuSeconds * 1000) / batch.length };
}
