import { DataSourceParts } from '@anpi/persistence';
import { KnownTenant } from '@anpi/tenant-projection';
import { Alert } from './alerts/alert.entity';
import { Initial1764100000000 } from './migrations/1764100000000-initial';
import { Alerts1764200000000 } from './migrations/1764200000000-alerts';
import { FanOut1764300000000 } from './migrations/1764300000000-fan-out';
import { DirectoryDepartments1764500000000 } from './migrations/1764500000000-directory-departments';
import { Channels1764600000000 } from './migrations/1764600000000-channels';
import { Resends1764800000000 } from './migrations/1764800000000-resends';
import { DisasterAlerts1765000000000 } from './migrations/1765000000000-disaster-alerts';
import { DispatchProgressWideningSettings1765100000000 } from './migrations/1765100000000-dispatch-progress-widening-settings';
import { ProgressSpacing1765200000000 } from './migrations/1765200000000-progress-spacing';
import { DeliveryCounts1765300000000 } from './migrations/1765300000000-delivery-counts';
import { OutboxLz41765400000000 } from './migrations/1765400000000-outbox-lz4';
import { FanOutSlices1765500000000 } from './migrations/1765500000000-fan-out-slices';
import { PushSubscriptions1765600000000 } from './migrations/1765600000000-push-subscriptions';
import { LineLinks1765700000000 } from './migrations/1765700000000-line-links';
import { TenantQuestionSets1765800000000 } from './migrations/1765800000000-tenant-question-sets';
import { DispatchAuditLog1766200000000 } from './migrations/1766200000000-dispatch-audit-log';

export const alertDispatchServiceDatabase: DataSourceParts = {
  applicationName: 'alert-dispatch-service',
  entities: [KnownTenant, Alert],
  migrations: [Initial1764100000000, Alerts1764200000000, FanOut1764300000000, DirectoryDepartments1764500000000, Channels1764600000000, Resends1764800000000, DisasterAlerts1765000000000, DispatchProgressWideningSettings1765100000000, ProgressSpacing1765200000000, DeliveryCounts1765300000000, OutboxLz41765400000000, FanOutSlices1765500000000, PushSubscriptions1765600000000, LineLinks1765700000000, TenantQuestionSets1765800000000, DispatchAuditLog1766200000000],
};
