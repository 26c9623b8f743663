import { webPushSubscriptionV1Schema } from '@anpi/contracts';
import { setContextTenant } from '@anpi/observability';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, GoneException, HttpCode, HttpException, HttpStatus, Inject, NotFoundException, Param, Post, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenedAnswerLink } from '../answer-page/answer-link-resolver';
import { GuardedLinkLookup } from '../answer-page/guarded-link-lookup';
import { DispatchNotificationApi, DispatchUnavailable } from './dispatch-notification-api';
import { NotificationOffers } from './notification-offers';

export const WEB_PUSH_SETTINGS = Symbol('WEB_PUSH_SETTINGS');

export interface WebPushSettings {
  allowPlainHttpEndpoints: boolean;
}

/**
 * What the answer page's script calls when an employee asks to be notified on this browser
 * (JSON, same origin, the answer token as the credential, as for the answer itself): the
 * company's VAPID public key, then the subscription the browser made with it, which dispatch
 * keeps. Re-sends then reach the browser too. Refusals use the services' one error shape.
 */
@Controller('a/:token')
export class WebPushSubscriptionController {
  constructor(
    private readonly lookup: GuardedLinkLookup,
    private readonly dispatch: DispatchNotificationApi,
    private readonly offers: NotificationOffers,
    @Inject(WEB_PUSH_SETTINGS) private readonly settings: WebPushSettings,
  ) {}

  @Get('push-key')
  async pushKey(@Param('token') token: string, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ publicKey: string }> {
    const { link } = await this.openLink(token, request, reply);
    const publicKey = (await this.askDispatch(() => this.offers.current(link.tenantId))).webPush?.publicKey;
    if (!publicKey) throw new NotFoundException('notifications are not set up for this company');
    reply.header('cache-control', 'no-store');
    return { publicKey };
  }

  @Post('push-subscription')
  @HttpCode(204)
  async subscribe(@Param('token') token: string, @Body() body: unknown, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    const subscription = new ZodValidationPipe(webPushSubscriptionV1Schema(this.settings.allowPlainHttpEndpoints), '(body)').transform(body);
    const { link } = await this.openLink(token, request, reply);
    if (!(await this.askDispatch(() => this.dispatch.registerPushSubscription(link.tenantId, link.recipientId, subscription)))) {
      throw new NotFoundException('this answer link no longer belongs to anyone in the directory');
    }
  }

  /** The same checks as the answer page: throttled guessing, unknown links, closed alerts. */
  private async openLink(token: string, request: FastifyRequest, reply: FastifyReply): Promise<OpenedAnswerLink> {
    const lookup = await this.lookup.open(token, request.ip, new Date());
    if (lookup.kind === 'throttled') {
      reply.header('retry-after', String(lookup.retryAfterSeconds));
      throw new HttpException('too many requests', HttpStatus.TOO_MANY_REQUESTS);
    }
    if (lookup.kind === 'unknown') throw new NotFoundException('this link is invalid or has expired');
    const { opened } = lookup;
    setContextTenant(opened.link.tenantId);
    if (opened.context.status !== 'open') throw new GoneException('this safety check has closed');
    return opened;
  }

  private async askDispatch<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof DispatchUnavailable) throw new ServiceUnavailableException('notifications cannot be set up right now; please try again later');
      throw error;
    }
  }
}
