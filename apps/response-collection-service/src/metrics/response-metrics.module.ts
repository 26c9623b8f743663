import { METRICS_REGISTRY } from '@anpi/observability';
import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { ResponseMetrics } from './response-metrics';

@Module({
  providers: [{ provide: ResponseMetrics, inject: [METRICS_REGISTRY], useFactory: (registry: Registry) => new ResponseMetrics(registry) }],
  exports: [ResponseMetrics],
})
export class ResponseMetricsModule {}
