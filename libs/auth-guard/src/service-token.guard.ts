import { CanActivate, createParamDecorator, DynamicModule, ExecutionContext, Inject, Injectable, Logger, Module, UnauthorizedException } from '@nestjs/common';
import { remoteSigningKeys } from './access-token-verifier';
import { AnpiServiceName, ServiceTokenRejected, ServiceTokenVerifier } from './service-token';

export const SERVICE_TOKEN_VERIFIER = Symbol('SERVICE_TOKEN_VERIFIER');

interface RequestWithCallingService {
  headers: Record<string, string | string[] | undefined>;
  callingService?: AnpiServiceName;
}

/**
 * For routes only other Anpi services call: `Authorization: Bearer <service token>` signed by
 * auth-service, verified against the same cached JWKS as access tokens (no call per request).
 * The verified caller is on the request for `@CallingService()`. Every refusal is the same 401.
 */
@Injectable()
export class ServiceTokenGuard implements CanActivate {
  private readonly logger = new Logger(ServiceTokenGuard.name);

  constructor(@Inject(SERVICE_TOKEN_VERIFIER) private readonly verifier: ServiceTokenVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCallingService>();
    const header = request.headers['authorization'];
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    if (token.length === 0) throw new UnauthorizedException('service token required');
    try {
      request.callingService = await this.verifier.verify(token);
      return true;
    } catch (error) {
      if (!(error instanceof ServiceTokenRejected)) throw error;
      this.logger.warn(error.message);
      throw new UnauthorizedException('invalid or expired service token');
    }
  }
}

/** The service a ServiceTokenGuard verified; use only on routes behind that guard. */
export const CallingService = createParamDecorator((_data: unknown, context: ExecutionContext): AnpiServiceName | undefined => {
  return context.switchToHttp().getRequest<RequestWithCallingService>().callingService;
});

export interface ServiceTokenOptions {
  jwksUrl: string;
  issuer: string;
  /** This service: only tokens minted for it are accepted. */
  serviceName: AnpiServiceName;
}

/** Import once in a service whose routes use ServiceTokenGuard. */
@Module({})
export class ServiceTokenModule {
  static forRoot(options: ServiceTokenOptions): DynamicModule {
    const verifier = new ServiceTokenVerifier(remoteSigningKeys(options.jwksUrl), { issuer: options.issuer, serviceName: options.serviceName });
    return {
      module: ServiceTokenModule,
      global: true,
      providers: [{ provide: SERVICE_TOKEN_VERIFIER, useValue: verifier }, ServiceTokenGuard],
      exports: [SERVICE_TOKEN_VERIFIER, ServiceTokenGuard],
    };
  }
}
