import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Module, OnModuleDestroy } from '@nestjs/common';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ChannelMetrics } from './channel-metrics';
import { ChannelAdapterFactories, ChannelRegistry, vendorAdapterFactories } from './channel-registry';
import { ChannelsSettings } from './channels-settings';
import { ProviderCircuitBreakers } from './provider-circuit-breakers';
import { PostgresProviderRateLimiter } from './provider-rate-limiter';

/**
 * The delivery channels of the service: inject ChannelRegistry and ask it for a tenant's
 * channels. Needs the service's DataSource (the shared rate-limit buckets) and metrics registry.
 */
@Module({})
export class ChannelsModule implements OnModuleDestroy {
  constructor(private readonly registry: ChannelRegistry) {}

  static forRoot(settings: ChannelsSettings, adapterFactories: ChannelAdapterFactories = vendorAdapterFactories): DynamicModule {
    return {
      module: ChannelsModule,
      providers: [
        { provide: ChannelMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new ChannelMetrics(registry) },
        {
          provide: ChannelRegistry,
          inject: [DataSource, ChannelMetrics],
          useFactory: (dataSource: DataSource, metrics: ChannelMetrics) =>
            new ChannelRegistry(
              settings,
              new ProviderCircuitBreakers(settings.circuitBreaker, metrics),
              new PostgresProviderRateLimiter(dataSource, settings.rateLimits, settings.rateLimitPermitBatch),
              metrics,
              adapterFactories,
            ),
        },
      ],
      exports: [ChannelRegistry],
    };
  }

  /** Pooled SMTP connections and breaker timers end with the application. */
  async onModuleDestroy(): Promise<void> {
    await this.registry.close();
  }
}
