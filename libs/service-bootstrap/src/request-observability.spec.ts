import { currentRequestContext, HttpMetrics, setContextTenant } from '@anpi/observability';
import Fastify from 'fastify';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { AccessLogger, installRequestObservability, requestIdOptions } from './request-observability';

describe('installRequestObservability', () => {
  const lines: { level: string; fields: Record<string, unknown>; context?: object }[] = [];
  const accessLog: AccessLogger = {
    info: (fields) => lines.push({ level: 'info', fields: fields as Record<string, unknown>, context: { ...currentRequestContext() } }),
    error: (fields) => lines.push({ level: 'error', fields: fields as Record<string, unknown>, context: { ...currentRequestContext() } }),
  };
  const registry = new Registry();
  const app = Fastify(requestIdOptions);
  installRequestObservability(app, { metrics: new HttpMetrics(registry), accessLog });
  app.post('/a/:token', async (request) => {
    await nextTurn(); // the context must survive body parsing and awaits
    setContextTenant('tenant-1');
    return { seen: currentRequestContext(), body: request.body };
  });
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/boom', async () => {
    throw new Error('down');
  });

  beforeEach(() => lines.splice(0));
  afterAll(() => app.close());

  it('keeps a well-formed caller request id, answers it in a header, and holds the context through the handler', async () => {
    const response = await app.inject({ method: 'POST', url: '/a/secret-token', headers: { 'x-request-id': 'caller-id-1234', traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01` }, payload: { safety: 'safe' } });
    expect(response.headers['x-request-id']).toBe('caller-id-1234');
    expect(response.json()).toEqual({ seen: { requestId: 'caller-id-1234', traceId: 'a'.repeat(32), tenantId: 'tenant-1' }, body: { safety: 'safe' } });
  });

  it('replaces a malformed request id with a new one', async () => {
    const response = await app.inject({ method: 'POST', url: '/a/x', headers: { 'x-request-id': 'bad id\nforged line' }, payload: {} });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json().seen.requestId).toBe(response.headers['x-request-id']);
  });

  it('writes one access-log line per request, in the request context, without the token', async () => {
    await app.inject({ method: 'POST', url: '/a/secret-token?lang=en', headers: { 'x-request-id': 'caller-id-5678' }, payload: {} });
    expect(lines).toEqual([
      {
        level: 'info',
        fields: { req: { id: 'caller-id-5678', method: 'POST', url: '/a/[token]' }, res: { statusCode: 200 }, responseTime: expect.any(Number) },
        context: expect.objectContaining({ requestId: 'caller-id-5678', tenantId: 'tenant-1' }),
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('logs server errors at error level and leaves probes out', async () => {
    await app.inject({ method: 'GET', url: '/boom' });
    await app.inject({ method: 'GET', url: '/health/live' });
    expect(lines.map((line) => [line.level, (line.fields.req as { url: string }).url])).toEqual([['error', '/boom']]);
  });

  it('counts every request, probes included, by route template', async () => {
    await app.inject({ method: 'GET', url: '/health/live' });
    await app.inject({ method: 'POST', url: '/a/one', payload: {} });
    const requests = (await registry.getSingleMetric('anpi_http_requests_total')?.get())?.values ?? [];
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { method: 'GET', route: '/health/live', status_code: '200' } }),
        expect.objectContaining({ labels: { method: 'POST', route: '/a/:token', status_code: '200' } }),
      ]),
    );
  });
});
