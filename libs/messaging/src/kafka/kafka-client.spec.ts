import { logLevel } from 'kafkajs';
import { levelForKafkaLog } from './kafka-client';

const entry = (message: string, extra: Record<string, unknown> = {}) => ({ timestamp: '2026-11-27T00:00:00.000Z', logger: 'kafkajs', message, ...extra });

describe('levelForKafkaLog', () => {
  it('logs the rebalances that every scale-up and restart causes as info, not as errors', () => {
    expect(levelForKafkaLog(logLevel.ERROR, entry('Response Heartbeat(key: 12, version: 3)', { error: 'The group is rebalancing, so a rejoin is needed' }))).toBe('info');
    expect(levelForKafkaLog(logLevel.WARN, entry('The group is rebalancing, re-joining', { groupId: 'g' }))).toBe('info');
  });

  it('keeps every other level as kafkajs gave it', () => {
    expect(levelForKafkaLog(logLevel.ERROR, entry('Response Produce(key: 0, version: 7)', { error: 'This server is not the leader for that topic-partition' }))).toBe('error');
    expect(levelForKafkaLog(logLevel.ERROR, entry('Connection error: connect ECONNREFUSED 127.0.0.1:9092'))).toBe('error');
    expect(levelForKafkaLog(logLevel.WARN, entry('KafkaJS v2.0.0 switched default partitioner'))).toBe('warn');
    expect(levelForKafkaLog(logLevel.DEBUG, entry('The group is rebalancing'))).toBe('debug');
  });
});
