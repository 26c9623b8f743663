import { z } from 'zod';
import { ConfigError, loadConfig } from './config-loader';
import { brokerList, port } from './common-variables';

const schema = z.object({ HTTP_PORT: port, KAFKA_BROKERS: brokerList, NAME: z.string().default('anpi') });

describe('loadConfig', () => {
  it('returns a typed, frozen config', () => {
    const config = loadConfig(schema, { HTTP_PORT: '8080', KAFKA_BROKERS: 'a:9092, b:9093' });
    expect(config).toEqual({ HTTP_PORT: 8080, KAFKA_BROKERS: ['a:9092', 'b:9093'], NAME: 'anpi' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.KAFKA_BROKERS)).toBe(true);
  });

  it('names a missing variable', () => {
    expect(() => loadConfig(schema, { KAFKA_BROKERS: 'a:1' })).toThrow(
      new ConfigError('HTTP_PORT', 'is required'),
    );
  });

  it('names an invalid variable and says what is wrong', () => {
    expect(() => loadConfig(schema, { HTTP_PORT: '80', KAFKA_BROKERS: 'no-port' })).toThrow(
      /^invalid configuration: KAFKA_BROKERS: .*host:port/,
    );
  });

  it('rejects an out-of-range port', () => {
    expect(() => loadConfig(schema, { HTTP_PORT: '70000', KAFKA_BROKERS: 'a:1' })).toThrow(/HTTP_PORT/);
  });
});
