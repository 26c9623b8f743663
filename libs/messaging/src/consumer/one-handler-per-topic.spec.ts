import { assertOneHandlerPerTopic } from './kafka-event-server';

describe('assertOneHandlerPerTopic', () => {
  it('accepts one handler per topic', () => {
    expect(() => assertOneHandlerPerTopic(new Map([['tenant.created', {}], ['employee.upserted', { next: undefined }]]))).not.toThrow();
  });

  it('refuses a topic with a chained second handler, naming the topic', () => {
    expect(() => assertOneHandlerPerTopic(new Map([['tenant.created', { next: () => undefined }]]))).toThrow(/tenant\.created/);
  });
});
