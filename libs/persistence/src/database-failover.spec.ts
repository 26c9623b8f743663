import { QueryFailedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isConnectionLostError, retryOnFailover } from './database-failover';

const sqlError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionLostError', () => {
  it.each([
    ['read-only standby behind the read-write port', sqlError('25006', 'cannot execute INSERT in a read-only transaction')],
    ['server shutting down', sqlError('57P01', 'terminating connection due to administrator command')],
    ['server crashed', sqlError('57P02')],
    ['server starting up', sqlError('57P03', 'the database system is starting up')],
    ['connection failure', sqlError('08006')],
    ['socket refused', sqlError('ECONNREFUSED')],
    ['socket reset', sqlError('ECONNRESET')],
    ['pg: connection terminated', new Error('Connection terminated unexpectedly')],
    ['pg: connect timeout', new Error('timeout exceeded when trying to connect')],
    ['TypeORM wrapper', new QueryFailedError('INSERT', [], sqlError('25006'))],
    ['TypeORM: the dead connection was released while its transaction was idle', new QueryRunnerProviderAlreadyReleasedError()],
  ])('is true for %s', (_, error) => {
    expect(isConnectionLostError(error)).toBe(true);
  });

  it.each([
    ['unique violation', sqlError('23505', 'duplicate key value')],
    ['syntax error', sqlError('42601')],
    ['statement timeout', sqlError('57014', 'canceling statement due to statement timeout')],
    ['plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
    ['null', null],
  ])('is false for %s', (_, error) => {
    expect(isConnectionLostError(error)).toBe(false);
  });
});

describe('retryOnFailover', () => {
  it('repeats work that failed because the primary went away, until it succeeds', async () => {
    const work = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(sqlError('57P01'))
      .mockRejectedValueOnce(new Error('Connection terminated unexpectedly'))
      .mockResolvedValueOnce('done');

    await expect(retryOnFailover(work, { initialDelayMs: 1 })).resolves.toBe('done');
    expect(work).toHaveBeenCalledTimes(3);
  });

  it('rethrows other errors at once', async () => {
    const work = jest.fn<Promise<string>, []>().mockRejectedValue(sqlError('23505', 'duplicate key value'));

    await expect(retryOnFailover(work, { initialDelayMs: 1 })).rejects.toThrow('duplicate key value');
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('gives up after the given number of attempts with the last error', async () => {
    const work = jest.fn<Promise<string>, []>().mockRejectedValue(sqlError('57P03', 'the database system is starting up'));

    await expect(retryOnFailover(work, { attempts: 3, initialDelayMs: 1 })).rejects.toThrow('starting up');
    expect(work).toHaveBeenCalledTimes(3);
  });
});
