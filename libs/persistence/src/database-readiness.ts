import type { ReadinessCheck } from '@anpi/observability';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

/**
 * Ready only when a pooled connection can run a query on a writable primary. Each probe also
 * sets `anpi_database_primary_reachable` (1/0), which alerting uses to tell "no primary"
 * (failover in progress, or lost) apart from a slow service.
 */
export class DatabaseReadinessCheck implements ReadinessCheck {
  readonly name = 'database';
  private readonly primaryReachable: Gauge | undefined;

  constructor(
    private readonly dataSource: DataSource,
    registry?: Registry,
  ) {
    this.primaryReachable = registry ? primaryReachableGauge(registry) : undefined;
  }

  async probe(): Promise<void> {
    try {
      const [row] = await this.dataSource.query('SELECT pg_is_in_recovery() AS read_only');
      if (row.read_only) {
        throw new Error('connected to a read-only standby');
      }
      this.primaryReachable?.set(1);
    } catch (error) {
      this.primaryReachable?.set(0);
      throw error;
    }
  }
}

function primaryReachableGauge(registry: Registry): Gauge {
  const existing = registry.getSingleMetric('anpi_database_primary_reachable');
  if (existing) return existing as Gauge;
  return new Gauge({
    name: 'anpi_database_primary_reachable',
    help: '1 when the last readiness probe reached a writable PostgreSQL primary, 0 when it did not.',
    registers: [registry],
  });
}
