import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Delete, Get, HttpCode, Ip, Param, Put, UseGuards } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { changedFields, DispatchCaller, recordDispatchAudit, userActor } from '../audit';
import { CHANNEL_KINDS, ChannelKind } from './channel';
import { TenantChannelSettings, tenantChannelSettingsSchema } from './tenant-channel-settings';
import { TenantChannelSettingsStore, redactChannelSettings } from './tenant-channel-settings.store';

const channelKindPipe = new ZodValidationPipe(z.enum(CHANNEL_KINDS));

/**
 * A tenant's own providers (its SMTP server, SMS and LINE accounts, webhook). Credentials go in
 * and never come out: the API shows them as "(stored)". Channels the tenant has not set up use
 * the installation's providers. Owners and admins only. Each change is audited by the names of
 * the fields it changed, never their values.
 */
@Controller('v1/channel-settings')
@UseGuards(AccessTokenGuard)
@Roles('owner', 'admin')
export class ChannelSettingsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: TenantChannelSettingsStore,
  ) {}

  @Get()
  async get(@CurrentPrincipal() principal: Principal): Promise<{ channels: Record<string, unknown> }> {
    const settings = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.store.load(manager, principal.tenantId));
    return { channels: redactChannelSettings(settings) };
  }

  /** Replaces one channel's settings as a whole (credentials included). */
  @Put(':channel')
  async put(
    @CurrentPrincipal() principal: Principal,
    @Ip() ip: string,
    @Param('channel', channelKindPipe) channel: ChannelKind,
    @Body() body: unknown,
  ): Promise<{ channels: Record<string, unknown> }> {
    const settings = new ZodValidationPipe(tenantChannelSettingsSchema.shape[channel].unwrap(), '(body)').transform(body);
    const saved = await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.saveAudited(manager, { principal, ip }, channel, settings));
    return { channels: redactChannelSettings(saved) };
  }

  /** Back to the installation's provider for this channel. */
  @Delete(':channel')
  @HttpCode(204)
  async remove(@CurrentPrincipal() principal: Principal, @Ip() ip: string, @Param('channel', channelKindPipe) channel: ChannelKind): Promise<void> {
    await runInTenantTransaction(this.dataSource, principal.tenantId, (manager) => this.saveAudited(manager, { principal, ip }, channel, undefined));
  }

  /** Saves (undefined: removes) one channel and records, in the same transaction, which of its fields changed. */
  private async saveAudited(manager: EntityManager, caller: DispatchCaller, channel: ChannelKind, settings: TenantChannelSettings[ChannelKind]): Promise<TenantChannelSettings> {
    const { tenantId, userId } = caller.principal;
    const before = await this.store.load(manager, tenantId);
    const saved = await this.store.saveChannel(manager, tenantId, channel, settings, userId);
    await recordDispatchAudit(manager, tenantId, userActor(caller), [
      {
        action: settings === undefined ? 'channel_settings.removed' : 'channel_settings.changed',
        targetType: 'channel_settings',
        targetId: channel,
        details: { channel, changedFields: changedFields(before[channel], saved[channel]) },
      },
    ]);
    return saved;
  }
}
