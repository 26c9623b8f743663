import { accessLogLine, HttpMetrics, resolveRequestId, runWithRequestContext, traceIdFrom } from '@anpi/observability';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';

/** What an access-log line is written to: pino's signature (merging object first). */
export interface AccessLogger {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Fastify's own request id is the request id: a caller's well-formed X-Request-Id, or a new one. */
export const requestIdOptions: Pick<FastifyServerOptions, 'genReqId'> = {
  genReqId: (request) => resolveRequestId(request as IncomingMessage),
};

/**
 * Request id, request context, RED metrics and the access log for every request, as two
 * Fastify hooks. The request context (AsyncLocalStorage) is entered when the request arrives
 * and holds through body parsing, guards, the handler and the response, so every log line and
 * every tenant transaction of the request carries its ids. Fastify hooks rather than Nest
 * middleware: on Fastify, Nest runs middleware through an Express compatibility layer, and
 * that layer with a per-request child logger cost about a third of a service's throughput
 * (docs/benchmarks.md, "What the HTTP stack costs").
 */
export function installRequestObservability(fastify: FastifyInstance, observers: { metrics: HttpMetrics; accessLog: AccessLogger }): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    runWithRequestContext({ requestId: request.id, traceId: traceIdFrom(request.raw) }, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    observers.metrics.observe(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    const line = accessLogLine({ id: String(request.id), method: request.method, url: request.url }, reply.statusCode, reply.elapsedTime);
    if (line) observers.accessLog[line.level](line.fields, 'request completed');
    done();
  });
}
