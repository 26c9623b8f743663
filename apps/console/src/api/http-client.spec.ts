import { SessionRenewal } from '../session/session-renewal';
import { SessionStore } from '../session/session-store';
import { ApiError, SessionExpired } from './api-error';
import { HttpClient } from './http-client';

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function clientWith(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; authorization?: string }[] = [];
  const fetcher = async (url: string, init: RequestInit = {}) => {
    calls.push({ url, authorization: (init.headers as Record<string, string> | undefined)?.authorization });
    return respond(url, init);
  };
  const session = new SessionStore(new MemoryStorage());
  session.save({ accessToken: 'old-access', refreshToken: 'refresh-1', tenant: 'acme' });
  const ended: (string | undefined)[] = [];
  session.subscribe((current, end) => !current && ended.push(end));
  return { client: new HttpClient('/api/dispatch', session, new SessionRenewal(session, fetcher), fetcher), session, calls, ended };
}

describe('HttpClient', () => {
  it('renews an expired access token once and repeats the request with the new one', async () => {
    const { client, session, calls } = clientWith((url, init) => {
      if (url.endsWith('/sessions/refresh')) return json(200, { accessToken: 'new-access', refreshToken: 'refresh-2' });
      return (init.headers as Record<string, string>).authorization === 'Bearer new-access' ? json(200, { count: 3 }) : json(401, { statusCode: 401, error: 'Unauthorized', message: 'expired' });
    });
    await expect(client.json('POST', '/v1/alerts/recipient-count', { body: {} })).resolves.toEqual({ count: 3 });
    expect(calls.map((call) => call.url)).toEqual(['/api/dispatch/v1/alerts/recipient-count', '/api/auth/v1/sessions/refresh', '/api/dispatch/v1/alerts/recipient-count']);
    expect(session.current()).toEqual({ accessToken: 'new-access', refreshToken: 'refresh-2', tenant: 'acme' });
  });

  it('ends the session as expired when renewal is refused', async () => {
    const { client, session, ended } = clientWith((url) => (url.endsWith('/sessions/refresh') ? json(401, {}) : json(401, {})));
    await expect(client.json('GET', '/v1/alerts/x')).rejects.toBeInstanceOf(SessionExpired);
    expect(session.current()).toBeUndefined();
    expect(ended).toEqual(['expired']);
  });

  it('shares one renewal between parallel requests (a refresh token is single-use)', async () => {
    let refreshes = 0;
    const { client } = clientWith((url, init) => {
      if (url.endsWith('/sessions/refresh')) return (refreshes += 1), json(200, { accessToken: 'new-access', refreshToken: 'refresh-2' });
      return (init.headers as Record<string, string>).authorization === 'Bearer new-access' ? json(200, {}) : json(401, {});
    });
    await Promise.all([client.json('GET', '/v1/a'), client.json('GET', '/v1/b'), client.json('GET', '/v1/c')]);
    expect(refreshes).toBe(1);
  });

  it('turns an error response into an ApiError with the service message, and a failed connection into a network error', async () => {
    const { client } = clientWith(() => json(422, { statusCode: 422, error: 'Unprocessable Entity', message: 'the target reaches nobody', requestId: 'r1' }));
    await expect(client.json('POST', '/v1/alerts', { body: {} })).rejects.toMatchObject({ status: 422, message: 'the target reaches nobody', requestId: 'r1' });
    const offline = new HttpClient('/api/tenant', new SessionStore(new MemoryStorage()), new SessionRenewal(new SessionStore(new MemoryStorage()), fetch), () => Promise.reject(new TypeError('fetch failed')));
    await expect(offline.json('GET', '/v1/x')).rejects.toEqual(new ApiError(0, 'network', 'network error'));
  });

  it('keeps the field problems of a refused request, and ignores details of any other shape', async () => {
    const details = [
      { path: 'lineUserId', message: 'LINE user id: U followed by 32 lower-case hex digits' },
      { path: 'privateEmails.1', message: 'Invalid email address' },
    ];
    const { client } = clientWith(() => json(400, { statusCode: 400, error: 'Bad Request', message: 'validation failed', details: [...details, { path: 3 }, 'text'] }));
    await expect(client.json('PATCH', '/v1/directory/employees/x', { body: {} })).rejects.toMatchObject({ status: 400, details });
    const odd = clientWith(() => json(409, { statusCode: 409, error: 'Conflict', message: 'taken', details: 'employeeNumber' }));
    await expect(odd.client.json('PATCH', '/v1/directory/employees/x', { body: {} })).rejects.toMatchObject({ status: 409, details: [] });
  });

  it('tells how long a throttled request must wait (Retry-After in seconds), and nothing when the header is missing or a date', async () => {
    const throttled = (retryAfter?: string) =>
      clientWith(() => new Response(JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'too many failed logins' }), { status: 429, headers: retryAfter ? { 'retry-after': retryAfter } : {} })).client;
    await expect(throttled('120').json('POST', '/v1/sessions', { anonymous: true })).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
    await expect(throttled().json('POST', '/v1/sessions', { anonymous: true })).rejects.toMatchObject({ status: 429, retryAfterSeconds: undefined });
    await expect(throttled('Wed, 21 Oct 2026 07:28:00 GMT').json('POST', '/v1/sessions', { anonymous: true })).rejects.toMatchObject({ retryAfterSeconds: undefined });
  });

  it('sends the query without empty values and never puts the token in the URL', async () => {
    const { client, calls } = clientWith(() => json(200, { items: [] }));
    await client.json('GET', '/v1/directory/employees', { query: { q: '山田', cursor: undefined, limit: 50 } });
    expect(calls[0]).toEqual({ url: '/api/dispatch/v1/directory/employees?q=%E5%B1%B1%E7%94%B0&limit=50', authorization: 'Bearer old-access' });
  });
});
