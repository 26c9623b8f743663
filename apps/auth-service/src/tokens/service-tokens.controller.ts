import { anpiServiceNames, InternalServiceGuard } from '@anpi/auth-guard';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { IssuedServiceToken, ServiceTokenIssuer } from './service-token-issuer';

const serviceTokenRequestSchema = z.object({ service: z.enum(anpiServiceNames), audience: z.enum(anpiServiceNames) }).strict();
type ServiceTokenRequest = z.infer<typeof serviceTokenRequestSchema>;

/**
 * Client-credentials exchange: a service presents the installation's internal token and gets
 * a short-lived token naming it, for one callee. Never routed by the ingress (`/internal`).
 */
@Controller('internal/v1/service-tokens')
export class ServiceTokensController {
  constructor(private readonly issuer: ServiceTokenIssuer) {}

  @Post()
  @HttpCode(200)
  @UseGuards(InternalServiceGuard)
  issue(@Body(new ZodValidationPipe(serviceTokenRequestSchema)) request: ServiceTokenRequest): Promise<IssuedServiceToken> {
    return this.issuer.issue(request.service, request.audience);
  }
}
