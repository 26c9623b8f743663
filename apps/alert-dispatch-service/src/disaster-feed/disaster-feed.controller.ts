import { Controller, Headers, HttpCode, Inject, Post, Req, ServiceUnavailableException, UnauthorizedException, UnprocessableEntityException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DISASTER_FEED_SETTINGS } from './disaster-feed-body-parser';
import type { DisasterFeedSettings } from './disaster-feed-settings';
import { DisasterReportIntake } from './disaster-report-intake';
import { isValidPushSignature } from './push-signature';

/**
 * Where a relay (e.g. a JMA PUSH subscriber) delivers reports as they are published: the same
 * pipeline as the poller. Authenticated by an HMAC of the body, not by a user token.
 */
@Controller('v1/disaster-feed')
export class DisasterFeedController {
  constructor(
    private readonly intake: DisasterReportIntake,
    @Inject(DISASTER_FEED_SETTINGS) private readonly settings: DisasterFeedSettings,
  ) {}

  @Post('reports')
  @HttpCode(202)
  async push(@Req() request: FastifyRequest, @Headers('x-anpi-signature') signature: string | undefined): Promise<{ outcome: string; reportId?: string }> {
    const key = this.settings.JMA_PUSH_HMAC_KEY;
    if (!key) throw new ServiceUnavailableException('the push endpoint is not configured (JMA_PUSH_HMAC_KEY)');
    if (!Buffer.isBuffer(request.body)) throw new UnsupportedMediaTypeException('send the report as application/xml');
    if (!isValidPushSignature(key, request.body, signature)) throw new UnauthorizedException('missing or invalid X-Anpi-Signature');
    const result = await this.intake.receive(request.body, 'push');
    if (result.outcome === 'rejected') throw new UnprocessableEntityException(`report rejected: ${result.reason}`);
    return result.outcome === 'ignored' ? { outcome: 'ignored' } : { outcome: result.outcome, reportId: result.reportId };
  }
}
