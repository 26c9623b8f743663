import { isTransientInfrastructureError } from './failure-classification';

describe('isTransientInfrastructureError', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });

  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['an admin shutdown (failover)', withCode('57P01')],
    ['a connection exception class', withCode('08006')],
    ['a read-only transaction on a standby', withCode('25006')],
    ['a TypeORM wrapper around a driver error', Object.assign(new Error('query failed'), { driverError: { code: '57P03' } })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
  ])('treats %s as transient (leave the offset, read again later)', (_case, error) => {
    expect(isTransientInfrastructureError(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', withCode('23505')],
    ['a handler bug', new TypeError('cannot read properties of undefined')],
    ['a thrown string', 'nope'],
  ])('treats %s as a message problem (retry topics, then DLQ)', (_case, error) => {
    expect(isTransientInfrastructureError(error)).toBe(false);
  });
});
