import { ServiceRootModule } from '@anpi/service-bootstrap';
import { TenantProjectionModule } from '@anpi/tenant-projection';
import { DynamicModule } from '@nestjs/common';
import type { ChannelAdapterFactories } from './channels';
import { AlertDispatchServiceConfig } from './config';
import { alertDispatchServiceDatabase } from './database';
import { AlertsModule } from './alerts/alerts.module';
import { DispatchAuditModule } from './audit/dispatch-audit.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DisasterFeedModule } from './disaster-feed/disaster-feed.module';
import { DisasterRulesModule } from './disaster-rules/disaster-rules.module';
import { FanOutModule } from './fan-out/fan-out.module';
import { QuestionSetsModule } from './question-sets/question-sets.module';
import { ResendModule } from './resend/resend.module';

export interface AlertDispatchServiceOptions {
  /** Other channel adapters than the vendors Anpi ships (the dispatch benchmark's in-process sink). */
  channelAdapterFactories?: ChannelAdapterFactories;
}

export function alertDispatchServiceModule(config: AlertDispatchServiceConfig, options: AlertDispatchServiceOptions = {}): DynamicModule {
  return ServiceRootModule.forRoot({
    serviceName: 'alert-dispatch-service',
    config,
    database: alertDispatchServiceDatabase,
    features: [TenantProjectionModule, FanOutModule.forRoot(config), AlertsModule.forRoot(config), DeliveryModule.forRoot(config, options.channelAdapterFactories), ResendModule.forRoot(config), DisasterFeedModule.forRoot(config), DisasterRulesModule.forRoot(config), QuestionSetsModule, DispatchAuditModule],
  });
}
