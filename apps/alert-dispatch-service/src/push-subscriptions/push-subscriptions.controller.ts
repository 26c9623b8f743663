import { InternalServiceGuard } from '@anpi/auth-guard';
import { webPushSubscriptionV1Schema } from '@anpi/contracts';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, HttpCode, Inject, NotFoundException, Param, ParseUUIDPipe, Put, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { activeRecipient } from '../recipients/active-recipient';
import { PushSubscriptionStore } from './push-subscription';

/** Whether a subscription may name a plain-http push service (CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS). */
export const PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP = Symbol('PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP');

/**
 * Where response-collection's answer page keeps the Web Push subscription an employee made on
 * this browser (with the VAPID key from notification-offers). Internal only (the installation's
 * internal token; never routed by the ingress): the answer page has already checked the
 * employee's answer token.
 */
@Controller('internal/v1/tenants/:tenantId')
@UseGuards(InternalServiceGuard)
export class PushSubscriptionsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PushSubscriptionStore,
    @Inject(PUSH_SUBSCRIPTIONS_ALLOW_PLAIN_HTTP) private readonly allowPlainHttp: boolean,
  ) {}

  @Put('recipients/:recipientId/push-subscriptions')
  @HttpCode(204)
  async register(@Param('tenantId', new ParseUUIDPipe()) tenantId: string, @Param('recipientId', new ParseUUIDPipe()) recipientId: string, @Body() body: unknown): Promise<void> {
    const subscription = new ZodValidationPipe(webPushSubscriptionV1Schema(this.allowPlainHttp), '(body)').transform(body);
    await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      if (!(await activeRecipient(manager, recipientId))) throw new NotFoundException('no such employee in this company');
      await this.store.register(manager, tenantId, recipientId, subscription);
    });
  }
}
