import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { currentRequestContext } from './request-context';

export interface LoggingOptions {
  serviceName: string;
  level: string;
}

/** Fields that may hold secrets or personal data never reach a log line. */
const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-internal-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.phone',
  '*.token',
];

function pinoOptions(options: LoggingOptions): pino.LoggerOptions {
  return {
    level: options.level,
    base: { service: options.serviceName },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'message',
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // Every line, HTTP or Kafka, carries the ids of the work it belongs to.
    mixin: () => {
      const context = currentRequestContext();
      return context ? { requestId: context.requestId, tenantId: context.tenantId, traceId: context.traceId } : {};
    },
  };
}

/** A plain pino logger for code outside Nest's DI (relay loops, scripts). */
export function createLogger(options: LoggingOptions): pino.Logger {
  return pino(pinoOptions(options));
}

/**
 * nestjs-pino gives Nest's logger and the injectable PinoLogger this configuration. It does not
 * log requests: pino-http ran as an Express-style middleware (through @fastify/middie) and made
 * a child logger per request, which with the request context cost a third of a bare service's
 * requests per second (docs/benchmarks.md, "What the HTTP stack costs"). The access log is one
 * line written from a Fastify hook instead (`accessLogLine`, installed by the service bootstrap).
 */
export function loggingModule(options: LoggingOptions) {
  return LoggerModule.forRoot({ pinoHttp: pinoOptions(options), forRoutes: [] });
}

const quietRoutes = /^\/(health|metrics)/;

export interface AccessLogEntry {
  level: 'info' | 'error';
  fields: { req: { id: string; method: string; url: string }; res: { statusCode: number }; responseTime: number };
}

/**
 * The access-log line of one finished request, or undefined for probes and scrapes (they would
 * drown the useful lines). Answer links carry a token in the path: the line has the route's
 * shape, never the token, and never the query string.
 */
export function accessLogLine(request: { id: string; method: string; url: string }, statusCode: number, responseTimeMs: number): AccessLogEntry | undefined {
  if (quietRoutes.test(request.url)) return undefined;
  const url = request.url.replace(/\/a\/[^/?]+/, '/a/[token]').split('?')[0];
  return {
    level: statusCode >= 500 ? 'error' : 'info',
    fields: { req: { id: request.id, method: request.method, url }, res: { statusCode }, responseTime: Math.round(responseTimeMs) },
  };
}
