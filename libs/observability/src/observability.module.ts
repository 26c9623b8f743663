import { DynamicModule, Global, MiddlewareConsumer, Module, NestModule, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { IncomingMessage } from 'node:http';
import { HealthController, ShutdownState } from './health';
import { loggingModule } from './logging';
import { METRICS_REGISTRY, MetricsController, createMetricsRegistry } from './metrics';
import { resolveRequestId, runWithRequestContext, traceIdFrom } from './request-context';

export interface ObservabilityOptions {
  serviceName: string;
  logLevel: string;
  /** Providers of READINESS_CHECKS come from the app (it knows its dependencies). */
  readinessChecks: Provider;
}

function requestContextMiddleware(request: IncomingMessage, _response: unknown, next: () => void): void {
  runWithRequestContext({ requestId: resolveRequestId(request), traceId: traceIdFrom(request) }, next);
}

/** Logs, metrics and health for one service: import once in the root module. */
@Global()
@Module({})
export class ObservabilityModule implements NestModule {
  static forRoot(options: ObservabilityOptions): DynamicModule {
    const registry: Provider = { provide: METRICS_REGISTRY, useValue: createMetricsRegistry(options.serviceName) };
    return {
      module: ObservabilityModule,
      imports: [loggingModule({ serviceName: options.serviceName, level: options.logLevel }), TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController, MetricsController],
      providers: [registry, ShutdownState, options.readinessChecks],
      exports: [registry, ShutdownState],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestContextMiddleware).forRoutes('*path');
  }
}
