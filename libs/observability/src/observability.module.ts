import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, ShutdownState } from './health';
import { loggingModule } from './logging';
import { METRICS_REGISTRY, MetricsController, createMetricsRegistry } from './metrics';

export interface ObservabilityOptions {
  serviceName: string;
  logLevel: string;
  /** Providers of READINESS_CHECKS come from the app (it knows its dependencies). */
  readinessChecks: Provider;
}

/** Logs, metrics and health for one service: import once in the root module. */
@Global()
@Module({})
export class ObservabilityModule {
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
}
