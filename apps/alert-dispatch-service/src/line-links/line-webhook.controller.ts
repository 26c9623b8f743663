import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { BadRequestException, Controller, Headers, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { TenantChannelSettingsStore } from '../channels';
import { isSignedByLine, lineWebhookBodySchema } from './line-webhook';
import { LinkLineAccounts } from './link-line-accounts';

/**
 * The webhook URL a company enters for its LINE official account
 * (`https://<host>/api/dispatch/v1/line-webhooks/<tenant id>`). Public, like the answer pages:
 * LINE's signature over the body, with the company's channel secret, is the credential.
 */
@Controller('v1/line-webhooks')
export class LineWebhookController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly channelSettings: TenantChannelSettingsStore,
    private readonly linking: LinkLineAccounts,
  ) {}

  @Post(':tenantId')
  @HttpCode(200)
  async receive(
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
    @Headers('x-line-signature') signature: string | undefined,
    @Req() request: RawBodyRequest<FastifyRequest>,
  ): Promise<{ linked: number; unlinked: number }> {
    const rawBody = request.rawBody;
    if (!rawBody) throw new BadRequestException('a JSON body is required');
    const { line, result } = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const settings = (await this.channelSettings.load(manager, tenantId)).line;
      if (!settings?.channelSecret) throw new NotFoundException('LINE linking is not set up for this company');
      if (!isSignedByLine(rawBody, signature, settings.channelSecret)) throw new UnauthorizedException('X-Line-Signature does not match the body');
      const body = new ZodValidationPipe(lineWebhookBodySchema, '(body)').transform(request.body);
      return { line: settings, result: await this.linking.handle(manager, tenantId, body.events, new Date()) };
    });
    this.linking.replyInBackground(tenantId, line, result.replies);
    return { linked: result.linked, unlinked: result.unlinked };
  }
}
