import { InternalServiceGuard } from '@anpi/auth-guard';
import { runInTenantTransaction } from '@anpi/persistence';
import { ZodValidationPipe } from '@anpi/service-bootstrap';
import { Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { SignUpCommand, SignUpTenant, TenantView, signUpCommandSchema, toTenantView } from './sign-up-tenant';
import { Tenant } from './tenant.entity';

const idempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional();

@Controller()
export class TenantsController {
  constructor(
    private readonly signUp: SignUpTenant,
    private readonly dataSource: DataSource,
  ) {}

  @Post('v1/tenants/signup')
  @HttpCode(201)
  async signUpTenant(
    @Body(new ZodValidationPipe(signUpCommandSchema)) command: SignUpCommand,
    @Headers('idempotency-key') rawIdempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TenantView> {
    const idempotencyKey = new ZodValidationPipe(idempotencyKeySchema, 'Idempotency-Key').transform(rawIdempotencyKey);
    const result = await this.signUp.execute(command, idempotencyKey);
    if (result.replayed) {
      reply.status(200).header('idempotent-replayed', 'true');
    }
    return result.tenant;
  }

  /** For other Anpi services and operators' tooling; never exposed through the public ingress. */
  @Get('internal/v1/tenants/:tenantId')
  @UseGuards(InternalServiceGuard)
  async getTenant(@Param('tenantId', new ParseUUIDPipe()) tenantId: string): Promise<TenantView> {
    const tenant = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.getRepository(Tenant).findOneBy({ id: tenantId }),
    );
    if (!tenant) throw new NotFoundException('tenant not found');
    return toTenantView(tenant);
  }
}
