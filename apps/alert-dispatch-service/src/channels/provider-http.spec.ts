import { assertProviderUrl, failureForStatus, parseJsonObject, parseRetryAfter, providerEndpoint } from './provider-http';

function response(status: number, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers) };
}

describe('failureForStatus', () => {
  it.each([
    [500, 'transient-failure', 'server-error'],
    [503, 'transient-failure', 'server-error'],
    [408, 'transient-failure', 'timeout'],
    [429, 'transient-failure', 'rate-limited'],
    [400, 'permanent-failure', 'rejected-message'],
    [401, 'permanent-failure', 'rejected-credentials'],
    [403, 'permanent-failure', 'rejected-credentials'],
    [404, 'permanent-failure', 'rejected-recipient'],
    [410, 'permanent-failure', 'rejected-recipient'],
    [302, 'permanent-failure', 'bad-response'],
  ])('HTTP %i is a %s (%s)', (status, outcome, kind) => {
    expect(failureForStatus(response(status))).toMatchObject({ status: outcome, kind });
  });

  it("carries Retry-After and the provider's words", () => {
    expect(failureForStatus(response(429, { 'retry-after': '2' }), 'slow down')).toEqual({
      status: 'transient-failure',
      kind: 'rate-limited',
      reason: 'provider answered HTTP 429: slow down',
      retryAfterMs: 2_000,
    });
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 00:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('provider URLs', () => {
  it('allow https only, unless plain http is allowed for a local stack', () => {
    expect(() => assertProviderUrl('http://api.example', false)).toThrow('provider URL must use https');
    expect(() => assertProviderUrl('file:///etc/passwd', true)).toThrow('provider URL must use https');
    expect(assertProviderUrl('http://127.0.0.1:3401', true).host).toBe('127.0.0.1:3401');
  });

  it('keep a base path when joining', () => {
    expect(providerEndpoint(new URL('https://proxy.example/twilio'), 'v2/x')).toBe('https://proxy.example/twilio/v2/x');
    expect(providerEndpoint(new URL('https://api.line.me'), 'v2/bot/message/push')).toBe('https://api.line.me/v2/bot/message/push');
  });
});

describe('parseJsonObject', () => {
  it('returns objects only', () => {
    expect(parseJsonObject<{ sid: string }>('{"sid":"SM1"}')).toEqual({ sid: 'SM1' });
    expect(parseJsonObject('<html>502 Bad Gateway</html>')).toBeUndefined();
    expect(parseJsonObject('[1]')).toBeUndefined();
    expect(parseJsonObject('null')).toBeUndefined();
  });
});
