import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';
import { currentRequestContext, resolveRequestId } from './request-context';

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

export function loggingModule(options: LoggingOptions) {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...pinoOptions(options),
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const requestId = resolveRequestId(request);
        response.setHeader('x-request-id', requestId);
        return requestId;
      },
      // Probes and scrapes would drown the useful lines.
      autoLogging: { ignore: (request: IncomingMessage) => /^\/(health|metrics)/.test(request.url ?? '') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          // Answer links carry a token in the path: log the route shape, not the token.
          url: request.url?.replace(/\/a\/[^/?]+/, '/a/[token]').split('?')[0],
        }),
      },
    },
  });
}
