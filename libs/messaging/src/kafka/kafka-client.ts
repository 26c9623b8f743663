import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

export interface KafkaClientOptions {
  clientId: string;
  brokers: readonly string[];
  logger: Logger;
}

const levelNames: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * Errors that are part of normal operation: every scale-up, rolling restart or pod loss makes
 * the group rebalance, and kafkajs logs each member's rejected heartbeat at error level. Paged
 * on-call engineers must not see an error for an autoscaler doing its job.
 */
const expectedDuringRebalance = /group is rebalancing/i;

/** The pino level for a kafkajs log entry. */
export function levelForKafkaLog(level: number, log: LogEntry['log']): 'error' | 'warn' | 'info' | 'debug' {
  const name = levelNames[level] ?? 'info';
  if ((name === 'error' || name === 'warn') && [log.message, (log as { error?: unknown }).error].some((text) => typeof text === 'string' && expectedDuringRebalance.test(text))) {
    return 'info';
  }
  return name;
}

/**
 * The one Kafka client factory. Retries are short and bounded so that failures surface to
 * our own loops (relay back-off, consumer restart) instead of hiding in the client for minutes.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const logger = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, maxRetryTime: 3_000, retries: 5 },
    logLevel: KafkaLogLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        logger[levelForKafkaLog(level, log)](extra, message);
      },
  });
}
