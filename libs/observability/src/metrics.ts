import { Controller, Get, Header, Inject } from '@nestjs/common';
import { getHeapStatistics } from 'node:v8';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** One registry per application (several apps may share a process in tests). */
export function createMetricsRegistry(serviceName: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: serviceName });
  collectDefaultMetrics({ register: registry });
  // The default metrics say how much heap is used, not how much V8 may use before the process
  // dies with "heap out of memory" (NODE_OPTIONS, or Node's sizing from the memory limit).
  new Gauge({
    name: 'anpi_nodejs_heap_size_limit_bytes',
    help: "V8's heap limit: the process fails with 'heap out of memory' past it.",
    registers: [registry],
  }).set(getHeapStatistics().heap_size_limit);
  return registry;
}

/** RED metrics for HTTP: rate and errors from the counter, duration from the histogram. */
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status_code'>;
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'anpi_http_requests_total',
      help: 'HTTP requests handled, by route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'anpi_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by route template and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  /** `route` is the template (/v1/tenants/:id), never the raw URL: bounded label cardinality. */
  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}
