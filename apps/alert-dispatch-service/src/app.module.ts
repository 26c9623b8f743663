import { ServiceRootModule } from '@anpi/service-bootstrap';
import { TenantProjectionModule } from '@anpi/tenant-projection';
import { DynamicModule } from '@nestjs/common';
import { AlertDispatchServiceConfig } from './config';
import { alertDispatchServiceDatabase } from './database';
import { AlertsModule } from './alerts/alerts.module';
import { DeliveryModule } from './delivery/delivery.module';
import { DisasterFeedModule } from './disaster-feed/disaster-feed.module';
import { DisasterRulesModule } from './disaster-rules/disaster-rules.module';
import { FanOutModule } from './fan-out/fan-out.module';
import { ResendModule } from './resend/resend.module';

export function alertDispatchServiceModule(config: AlertDispatchServiceConfig): DynamicModule {
  return ServiceRootModule.forRoot({
    serviceName: 'alert-dispatch-service',
    config,
    database: alertDispatchServiceDatabase,
    features: [TenantProjectionModule, FanOutModule.forRoot(config), AlertsModule.forRoot(config), DeliveryModule.forRoot(config), ResendModule.forRoot(config), DisasterFeedModule.forRoot(config), DisasterRulesModule.forRoot(config)],
  });
}
