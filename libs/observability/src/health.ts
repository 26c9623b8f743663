import { Controller, Get, Inject, Injectable, OnApplicationShutdown, BeforeApplicationShutdown } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, HealthIndicatorResult } from '@nestjs/terminus';

/** A dependency the service cannot serve without. `probe` rejects when it is unusable. */
export interface ReadinessCheck {
  readonly name: string;
  probe(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/** Each probe gets this long; the readiness answer must come well within 5 s. */
const PROBE_TIMEOUT_MS = 2_000;

/** Turns readiness red as soon as shutdown starts, so traffic drains before the pod stops. */
@Injectable()
export class ShutdownState implements BeforeApplicationShutdown, OnApplicationShutdown {
  shuttingDown = false;
  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
  onApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Live: the process answers. Dependencies do not matter here (restarting would not help). */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([async () => this.indicators.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const state = this.indicators.check('lifecycle');
        return this.shutdown.shuttingDown ? state.down('shutting down') : state.up();
      },
      ...this.checks.map((check) => () => this.runProbe(check)),
    ]);
  }

  private async runProbe(check: ReadinessCheck): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(check.name);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([check.probe(), timeout]);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
