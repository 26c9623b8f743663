import { METRICS_REGISTRY } from '@anpi/observability';
import { DynamicModule, Module } from '@nestjs/common';
import type { DisasterFeedSettings } from '../disaster-feed/disaster-feed-settings';
import { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CreateAlert } from '../alerts/create-alert.use-case';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { DisasterEventConsumer } from './disaster-event.consumer';
import { DisasterRuleEngine } from './disaster-rule-engine';
import { DisasterEventsController, DisasterRulesController } from './disaster-rules.controller';

/** Per-tenant disaster rules: their REST API, and the engine that turns disaster.event into alerts. */
@Module({})
export class DisasterRulesModule {
  static forRoot(settings: Pick<DisasterFeedSettings, 'JMA_REPORT_MAX_AGE_MINUTES'>): DynamicModule {
    return {
      module: DisasterRulesModule,
      controllers: [DisasterRulesController, DisasterEventsController, DisasterEventConsumer],
      providers: [
        {
          provide: DisasterRuleEngine,
          inject: [DataSource, RECIPIENT_SOURCE, PinoLogger, METRICS_REGISTRY],
          useFactory: (dataSource: DataSource, recipients: RecipientSource, logger: PinoLogger, registry: Registry) =>
            new DisasterRuleEngine(dataSource, new CreateAlert(dataSource), recipients, (logger.logger as Logger).child({ component: 'disaster-rules' }), registry, {
              tenantConcurrency: 4,
              maxReportAgeMinutes: settings.JMA_REPORT_MAX_AGE_MINUTES,
            }),
        },
      ],
    };
  }
}
