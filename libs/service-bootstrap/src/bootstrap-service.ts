import { HttpMetrics, METRICS_REGISTRY } from '@anpi/observability';
import { KafkaEventServer } from '@anpi/messaging';
import { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import { HttpErrorFilter } from './http-error.filter';
import { installRequestObservability, requestIdOptions } from './request-observability';

export interface ServiceBootstrapOptions {
  rootModule: Type<unknown> | DynamicModule;
  httpHost: string;
  httpPort: number;
  /** Time allowed for in-flight requests and the outbox flush after SIGTERM. */
  shutdownGraceMs: number;
  /** Request bodies above this are refused with 413 before any parsing. */
  bodyLimitBytes?: number;
  /** Keeps each JSON body's bytes as `request.rawBody` too, for webhooks signed over the exact bytes. */
  keepRawBody?: boolean;
}

/**
 * The one way a service starts: Fastify HTTP + the Kafka transport in one process
 * (a NestJS hybrid application), JSON logs, RED metrics, and an orderly SIGTERM.
 */
export async function createServiceApp(options: ServiceBootstrapOptions): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: true,
    // Slow clients must not hold sockets forever.
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    ...requestIdOptions,
  });
  const app = await NestFactory.create<NestFastifyApplication>(options.rootModule, adapter, { bufferLogs: true, rawBody: options.keepRawBody ?? false });
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(new HttpErrorFilter());
  installRequestObservability(app.getHttpAdapter().getInstance(), { metrics: new HttpMetrics(app.get(METRICS_REGISTRY)), accessLog: await app.resolve(PinoLogger) });
  app.connectMicroservice({ strategy: app.get(KafkaEventServer) }, { inheritAppConfig: true });
  return app;
}

export async function startServiceApp(app: NestFastifyApplication, options: ServiceBootstrapOptions): Promise<void> {
  await app.startAllMicroservices();
  await app.listen(options.httpPort, options.httpHost);
  installSignalHandlers(app, options.shutdownGraceMs);
}

/**
 * SIGTERM/SIGINT: readiness turns red, the consumer stops after its batch, in-flight HTTP
 * requests finish, the outbox relay flushes, connections close — all within the grace time.
 */
function installSignalHandlers(app: NestFastifyApplication, graceMs: number): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log(`received ${signal}; shutting down`);
    const forceExit = setTimeout(() => {
      logger.error(`shutdown took longer than ${graceMs} ms; exiting`);
      process.exit(1);
    }, graceMs);
    forceExit.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
