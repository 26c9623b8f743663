import { OutboxRelay } from '@anpi/messaging';
import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Inject, Injectable, Module, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { DISASTER_FEED_SETTINGS, DisasterFeedBodyParser } from './disaster-feed-body-parser';
import { DisasterFeedController } from './disaster-feed.controller';
import type { DisasterFeedSettings } from './disaster-feed-settings';
import { DisasterReportIntake } from './disaster-report-intake';
import { FeedLeadership } from './feed-leadership';
import { JmaFeedPoller } from './jma-feed-poller';

@Injectable()
class PollerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Optional() @Inject(JmaFeedPoller) private readonly poller: JmaFeedPoller | null) {}
  onApplicationBootstrap(): void {
    this.poller?.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.poller?.stop();
  }
}

/** JMA reports in (Atom poller on one replica, push endpoint on all), disaster.event out. */
@Module({})
export class DisasterFeedModule {
  static forRoot(settings: DisasterFeedSettings): DynamicModule {
    const childLogger = (logger: PinoLogger, component: string) => (logger.logger as Logger).child({ component });
    return {
      module: DisasterFeedModule,
      controllers: [DisasterFeedController],
      providers: [
        { provide: DISASTER_FEED_SETTINGS, useValue: settings },
        DisasterFeedBodyParser,
        {
          provide: DisasterReportIntake,
          inject: [DataSource, PinoLogger, METRICS_REGISTRY, OutboxRelay],
          useFactory: (dataSource: DataSource, logger: PinoLogger, registry: Registry, relay: OutboxRelay) =>
            new DisasterReportIntake(dataSource, childLogger(logger, 'jma-intake'), registry, settings.JMA_FEED_MAX_REPORT_BYTES, () => relay.notify()),
        },
        ...(settings.JMA_FEED_POLL_ENABLED
          ? [
              {
                provide: JmaFeedPoller,
                inject: [DataSource, DisasterReportIntake, PinoLogger, METRICS_REGISTRY],
                useFactory: (dataSource: DataSource, intake: DisasterReportIntake, logger: PinoLogger, registry: Registry) =>
                  new JmaFeedPoller(dataSource, intake, new FeedLeadership(dataSource, settings.JMA_FEED_LEADER_LOCK_KEY, childLogger(logger, 'jma-leadership')), childLogger(logger, 'jma-feed'), registry, {
                    baseUrl: settings.JMA_FEED_BASE_URL,
                    feeds: settings.JMA_FEED_NAMES,
                    intervalMs: settings.JMA_FEED_POLL_INTERVAL_MS,
                    timeoutMs: settings.JMA_FEED_TIMEOUT_MS,
                    maxFeedBytes: settings.JMA_FEED_MAX_FEED_BYTES,
                    maxReportBytes: settings.JMA_FEED_MAX_REPORT_BYTES,
                    leaderLockKey: settings.JMA_FEED_LEADER_LOCK_KEY,
                  }),
              },
            ]
          : []),
        PollerLifecycle,
      ],
    };
  }
}
