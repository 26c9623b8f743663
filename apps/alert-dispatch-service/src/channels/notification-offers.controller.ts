import { InternalServiceGuard } from '@anpi/auth-guard';
import { NotificationOffersV1, notificationOffersV1Schema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { Controller, Get, Param, ParseUUIDPipe, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TenantChannelSettingsStore } from './tenant-channel-settings.store';

/**
 * What a company lets employees connect themselves from their answer page, from its channel
 * settings: Web Push (the VAPID public key browsers subscribe with) and LINE linking (needs the
 * channel secret for the webhook and the official account to chat with). Internal only.
 */
@Controller('internal/v1/tenants/:tenantId')
@UseGuards(InternalServiceGuard)
export class NotificationOffersController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channelSettings: TenantChannelSettingsStore,
  ) {}

  @Get('notification-offers')
  async offers(@Param('tenantId', new ParseUUIDPipe()) tenantId: string): Promise<NotificationOffersV1> {
    const settings = await runInTenantTransaction(this.dataSource, tenantId, (manager) => this.channelSettings.load(manager, tenantId));
    const webPush = settings['web-push'];
    const line = settings.line;
    return notificationOffersV1Schema.parse({
      webPush: webPush ? { publicKey: webPush.vapidPublicKey } : null,
      line: line?.channelSecret && line.officialAccountId ? { officialAccountId: line.officialAccountId } : null,
    });
  }
}
