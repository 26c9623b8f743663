import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AlertDispatchServiceConfig } from '../config';
import { AlertScheduler } from './alert-scheduler';
import { ResponsesController } from './responses.controller';

@Injectable()
class AlertSchedulerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(AlertScheduler) private readonly scheduler: AlertScheduler) {}
  onApplicationBootstrap(): void {
    this.scheduler.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.scheduler.stop();
  }
}

/** Re-send rounds to non-responders, automatic closing, and stopping for those who answered. */
@Module({})
export class ResendModule {
  static forRoot(config: AlertDispatchServiceConfig): DynamicModule {
    return {
      module: ResendModule,
      controllers: [ResponsesController],
      providers: [
        {
          provide: AlertScheduler,
          inject: [DataSource, PinoLogger],
          useFactory: (dataSource: DataSource, logger: PinoLogger) =>
            new AlertScheduler(dataSource, (logger.logger as Logger).child({ component: 'alert-scheduler' }), config.ALERT_SCHEDULER_INTERVAL_MS),
        },
        AlertSchedulerLifecycle,
      ],
    };
  }
}
