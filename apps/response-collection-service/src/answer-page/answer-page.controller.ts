import { setContextTenant } from '@anpi/observability';
import { runInTenantTransaction } from '@anpi/persistence';
import { Body, Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { ANSWER_PAGE_BOARD_POSTS, BoardRateLimited, MessageBoard, newBoardPostSchema } from '../board/message-board';
import { ResolvedAnswerLink } from './answer-link-resolver';
import { ThrottleSettings } from './failed-lookup-throttle';
import { GuardedLinkLookup } from './guarded-link-lookup';
import { AnswerPageBoard, AnswerPageRenderer, ErrorPageKind } from './answer-page.renderer';
import { Language } from './question-set';
import { chooseLanguage } from './page-locale';
import { AnswerContext, RecordAnswer } from './record-answer.use-case';
import { DispatchNotificationApi, DispatchUnavailable } from '../notification-sign-up/dispatch-notification-api';
import { NotificationOffers } from '../notification-sign-up/notification-offers';

export const ANSWER_PAGE_SETTINGS = Symbol('ANSWER_PAGE_SETTINGS');

export interface AnswerPageSettings {
  /** Where plain-http requests are sent when their tenant does not allow plain http. */
  httpsBaseUrl: string;
  throttle: ThrottleSettings;
}

const statusOf: Record<ErrorPageKind, number> = { notFound: 404, closed: 410, unavailable: 503, tooMany: 429, badRequest: 400, lineNotOffered: 404 };

/**
 * The page behind every answer link. No login: the unguessable token is the credential, so
 * the URL carries nothing else (no name, no address) and the page is never cached.
 * A cross-site form cannot post here without the token, which is why no extra CSRF token
 * is needed.
 */
@Controller('a')
export class AnswerPageController {
  private readonly renderer = new AnswerPageRenderer();

  constructor(
    private readonly lookup: GuardedLinkLookup,
    private readonly answers: RecordAnswer,
    private readonly dataSource: DataSource,
    @Inject(ANSWER_PAGE_SETTINGS) private readonly settings: AnswerPageSettings,
    private readonly board: MessageBoard,
    private readonly offers: NotificationOffers,
    private readonly dispatch: DispatchNotificationApi,
  ) {}

  @Get(':token')
  async show(@Param('token') token: string, @Query('lang') lang: string | undefined, @Headers('accept-language') acceptLanguage: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const opened = await this.openLink(token, lang, acceptLanguage, request, reply);
    if (!opened) return reply;
    const { locale, link, context } = opened;
    if (context.status !== 'open') return this.sendUnavailable(reply, request, context, locale.language);
    const page = this.renderer.form(context.alert, locale, `/a/${token}`, context.previous?.answers, [], {
      board: await this.boardFor(link, token),
      offers: this.offers.offered(link.tenantId),
    });
    return this.send(reply, request, 200, page);
  }

  @Post(':token')
  async submit(
    @Param('token') token: string,
    @Body() body: unknown,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const opened = await this.openLink(token, lang, acceptLanguage, request, reply);
    if (!opened) return reply;
    const { locale, link } = opened;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return this.send(reply, request, statusOf.badRequest, this.renderer.error('badRequest', locale.language));
    }
    const { context, recorded, problems } = await this.answers.record(link, body as Record<string, unknown>, new Date(), opened.context);
    if (problems && context.status === 'open') {
      const html = this.renderer.form(context.alert, locale, `/a/${token}`, stringFields(body), problems.map((problem) => problem.questionId), {
        offers: this.offers.offered(link.tenantId),
      });
      return this.send(reply, request, 400, html);
    }
    if (!recorded || context.status !== 'open') return this.sendUnavailable(reply, request, context, locale.language);
    // The board is on the answer page the confirmation links back to: no extra read here.
    return this.send(reply, request, 200, this.renderer.recorded(context.alert, locale, recorded.answers, recorded.answeredAt, `/a/${token}`));
  }

  /** A reply on the alert's message board; back to the answer page when stored (POST-redirect-GET). */
  @Post(':token/board')
  async postToBoard(
    @Param('token') token: string,
    @Body() body: unknown,
    @Query('lang') lang: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const opened = await this.openLink(token, lang, acceptLanguage, request, reply);
    if (!opened) return reply;
    const { locale, link, context } = opened;
    const { language } = locale;
    if (context.status !== 'open') return this.sendUnavailable(reply, request, context, language);
    const post = newBoardPostSchema.safeParse(body);
    if (!post.success) return this.send(reply, request, statusOf.badRequest, this.renderer.error('badRequest', language));
    try {
      await this.board.post(link.tenantId, link.alertId, 'recipient', link.recipientId, post.data.body);
    } catch (error) {
      if (!(error instanceof BoardRateLimited)) throw error;
      reply.header('retry-after', String(error.retryAfterSeconds));
      return this.send(reply, request, statusOf.tooMany, this.renderer.error('tooMany', language));
    }
    return reply.status(303).header('location', `/a/${token}?lang=${language}`).header('cache-control', 'no-store').send();
  }

  /**
   * "Get safety checks on LINE": on to LINE, with a chat to the company's official account and a
   * one-time link code typed in; the account's webhook brings the code back to dispatch.
   */
  @Get(':token/line')
  async linkLine(@Param('token') token: string, @Query('lang') lang: string | undefined, @Headers('accept-language') acceptLanguage: string | undefined, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const opened = await this.openLink(token, lang, acceptLanguage, request, reply);
    if (!opened) return reply;
    const { locale, link, context } = opened;
    if (context.status !== 'open') return this.sendUnavailable(reply, request, context, locale.language);
    const lineLink = await this.dispatch.lineLink(link.tenantId, link.recipientId).catch((error: unknown) => {
      if (error instanceof DispatchUnavailable) return 'unavailable' as const;
      throw error;
    });
    if (lineLink === 'unavailable' || lineLink === undefined) {
      const kind: ErrorPageKind = lineLink === 'unavailable' ? 'unavailable' : 'lineNotOffered';
      return this.send(reply, request, statusOf[kind], this.renderer.error(kind, locale.language));
    }
    return reply.status(303).header('location', lineLink.url).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').send();
  }

  private async boardFor(link: ResolvedAnswerLink, token: string): Promise<AnswerPageBoard> {
    return { posts: await this.board.visible(link.tenantId, link.alertId, ANSWER_PAGE_BOARD_POSTS), replyPath: `/a/${token}/board` };
  }

  /** The link, its context and how the page speaks (language, time zone), or undefined when a refusal or redirect was already sent. */
  private async openLink(token: string, lang: string | undefined, acceptLanguage: string | undefined, request: FastifyRequest, reply: FastifyReply) {
    // A refusal is said before anyone is known: in the language chosen on the page, or the phone's.
    const opened = await this.resolveOrRefuse(token, request, reply, chooseLanguage(lang, undefined, acceptLanguage));
    if (!opened) return undefined;
    // The link names the tenant: every later log line of this request, the access log included, carries it.
    setContextTenant(opened.link.tenantId);
    if (await this.mustUseHttps(request, opened.link.tenantId)) {
      await this.redirectToHttps(reply, token);
      return undefined;
    }
    return { locale: { language: chooseLanguage(lang, opened.recipientLanguage, acceptLanguage), timeZone: opened.timeZone }, link: opened.link, context: opened.context };
  }

  /** Resolves the link behind the brake on guessing: 429 when the client must wait, 404 for no valid link. */
  private async resolveOrRefuse(token: string, request: FastifyRequest, reply: FastifyReply, language: Language) {
    const lookup = await this.lookup.open(token, request.ip, new Date());
    if (lookup.kind === 'found') return lookup.opened;
    if (lookup.kind === 'throttled') reply.header('retry-after', String(lookup.retryAfterSeconds));
    const kind: ErrorPageKind = lookup.kind === 'throttled' ? 'tooMany' : 'notFound';
    await this.send(reply, request, statusOf[kind], this.renderer.error(kind, language));
    return undefined;
  }

  private sendUnavailable(reply: FastifyReply, request: FastifyRequest, context: AnswerContext, language: Language) {
    const kind: ErrorPageKind = context.status === 'closed' ? 'closed' : 'unavailable';
    return this.send(reply, request, statusOf[kind], this.renderer.error(kind, language));
  }

  /** Plain http only where the tenant allowed it for feature phones. */
  private async mustUseHttps(request: FastifyRequest, tenantId: string): Promise<boolean> {
    if (request.protocol === 'https') return false;
    const [tenant]: { allow: boolean }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query('SELECT allow_plain_http_answer_links AS allow FROM known_tenants WHERE tenant_id = $1', [tenantId]),
    );
    return !tenant?.allow;
  }

  private redirectToHttps(reply: FastifyReply, token: string) {
    return reply.status(301).header('location', `${this.settings.httpsBaseUrl.replace(/\/+$/, '')}/a/${token}`).send();
  }

  private send(reply: FastifyReply, request: FastifyRequest, status: number, html: string) {
    const headers: Record<string, string> = {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // The scripts (Web Push subscription, current location) and the service worker come from this origin only.
      'content-security-policy': "default-src 'none'; script-src 'self'; connect-src 'self'; worker-src 'self'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    };
    if (request.protocol === 'https') headers['strict-transport-security'] = 'max-age=31536000';
    return reply.status(status).headers(headers).send(html);
  }
}

function stringFields(body: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(body as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
