import { METRICS_REGISTRY } from '@anpi/observability';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { ChannelRegistry } from './channel-registry';
import { ChannelsModule } from './channels.module';
import { channelsSettingsFromEnvironment } from './channels-settings';

const metrics = new Registry();

/** What the service's root module provides globally: its DataSource (never connected here) and metrics registry. */
@Global()
@Module({
  providers: [
    { provide: DataSource, useValue: new DataSource({ type: 'postgres' }) },
    { provide: METRICS_REGISTRY, useValue: metrics },
  ],
  exports: [DataSource, METRICS_REGISTRY],
})
class ServiceGlobals {}

describe('ChannelsModule', () => {
  it('provides the registry and registers the channel metrics on the service registry', async () => {
    @Module({ imports: [ServiceGlobals, ChannelsModule.forRoot(channelsSettingsFromEnvironment({}))] })
    class Root {}
    const app = await NestFactory.createApplicationContext(Root, { logger: false });
    try {
      expect(app.get(ChannelRegistry)).toBeInstanceOf(ChannelRegistry);
      const names = (await metrics.getMetricsAsJSON()).map((metric) => metric.name);
      expect(names).toEqual(expect.arrayContaining(['anpi_deliveries_total', 'anpi_delivery_send_seconds', 'anpi_provider_errors_total', 'anpi_provider_circuit_state']));
    } finally {
      await app.close();
    }
  });
});
