import { accessLogLine } from './logging';

describe('accessLogLine', () => {
  const request = (url: string, method = 'POST') => ({ id: 'request-1', method, url });

  it('logs an answer link by its route shape, never its token or query string', () => {
    expect(accessLogLine(request('/a/SECRET-token_value?lang=en'), 200, 12.4)).toEqual({
      level: 'info',
      fields: { req: { id: 'request-1', method: 'POST', url: '/a/[token]' }, res: { statusCode: 200 }, responseTime: 12 },
    });
    expect(JSON.stringify(accessLogLine(request('/a/SECRET-token_value/board'), 303, 1))).not.toContain('SECRET');
  });

  it('logs server errors at error level and client errors at info', () => {
    expect(accessLogLine(request('/v1/alerts'), 503, 5)?.level).toBe('error');
    expect(accessLogLine(request('/v1/alerts'), 422, 5)?.level).toBe('info');
  });

  it('leaves out health probes and metric scrapes', () => {
    expect(accessLogLine(request('/health/ready', 'GET'), 200, 1)).toBeUndefined();
    expect(accessLogLine(request('/metrics', 'GET'), 200, 1)).toBeUndefined();
  });
});
